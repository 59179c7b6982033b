// Presets over a real socket: a preset renders the spelled-out URL's bytes, the URL's own parameters win,
// changing a preset changes the ETag, Cloudinary's t_NAME uses it, and every bad case is a clear 4xx.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createProgram } from '../../src/cli/main.js';
import { buildTestApp, suiteScope, type TestApp } from '../helpers/build-test-app.js';
import { errorOf, fetchBytes, smallPhoto, uploadViaFetch, type FileJson } from './helpers/http-fixtures.js';

describe('presets', () => {
  const scope = suiteScope();
  let server: TestApp;
  let small: FileJson;
  const get = (path: string, init?: RequestInit) => fetchBytes(server, path, init);
  const savePreset = async (body: unknown) => {
    const response = await server.fetch('/api/presets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
  };

  before(async () => {
    server = await buildTestApp(scope, { listen: true });
    small = await uploadViaFetch(server, await smallPhoto(1), 'small.jpg');
  });

  it('are created, listed, replaced and removed through /api/presets', async () => {
    const created = await savePreset({ name: 'card', params: { w: 200, h: 100, fit: 'cover' } });
    assert.equal(created.status, 201);
    assert.deepEqual(created.json.params, { w: '200', h: '100', fit: 'cover' });
    const replaced = await savePreset({ name: 'card', params: 'w=300&h=100' });
    assert.equal(replaced.status, 200);
    assert.deepEqual(replaced.json.params, { w: '300', h: '100' });
    const list = (await (await server.fetch('/api/presets')).json()) as { items: { name: string }[] };
    assert.ok(list.items.some((item) => item.name === 'card'));
    assert.equal((await server.fetch('/api/presets/card', { method: 'DELETE' })).status, 204);
    const again = await get('/api/presets/card', { method: 'DELETE' });
    assert.equal(again.status, 404);
    assert.match(errorOf(again.body).message, /No preset "card"/);
  });

  it('renders the same bytes and ETag as the spelled-out URL, and the URL\'s own parameters override it', async () => {
    assert.equal((await savePreset({ name: 'thumb', params: { w: 90, h: 60, fit: 'cover', rot: 90, f: 'png' } })).status, 201);
    const spelled = await get(`/cdn/${small.id}?w=90&h=60&fit=cover&rot=90&f=png`);
    const viaPreset = await get(`/cdn/${small.id}?preset=thumb`);
    assert.equal(viaPreset.status, 200, viaPreset.body.toString());
    assert.equal(viaPreset.headers.get('x-convertly-unsupported'), null);
    assert.equal(viaPreset.headers.get('etag'), spelled.headers.get('etag'));
    assert.ok(viaPreset.body.equals(spelled.body));

    const overridden = await get(`/cdn/${small.id}?preset=thumb&w=40&f=webp`);
    const spelledOverride = await get(`/cdn/${small.id}?w=40&h=60&fit=cover&rot=90&f=webp`);
    assert.equal(overridden.status, 200);
    assert.equal(overridden.headers.get('content-type'), 'image/webp');
    assert.equal(overridden.headers.get('etag'), spelledOverride.headers.get('etag'));
    assert.ok(overridden.body.equals(spelledOverride.body));
  });

  it('changing a preset changes the ETag of the URLs that use it (also after they were served twice)', async () => {
    assert.equal((await savePreset({ name: 'hero', params: { w: 64, h: 64, f: 'png' } })).status, 201);
    const first = await get(`/cdn/${small.id}?preset=hero`);
    const repeat = await get(`/cdn/${small.id}?preset=hero`);
    assert.equal(first.headers.get('etag'), repeat.headers.get('etag'));
    assert.equal((await savePreset({ name: 'hero', params: { w: 64, h: 64, f: 'png', blur: 3 } })).status, 200);
    const changed = await get(`/cdn/${small.id}?preset=hero`);
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.get('etag'), first.headers.get('etag'));
    assert.equal(changed.headers.get('etag'), (await get(`/cdn/${small.id}?w=64&h=64&f=png&blur=3`)).headers.get('etag'));
    // A conditional request with the old ETag gets the new picture, not a 304.
    const conditional = await get(`/cdn/${small.id}?preset=hero`, { headers: { 'if-none-match': first.headers.get('etag') ?? '' } });
    assert.equal(conditional.status, 200);
  });

  it('Cloudinary t_NAME renders the preset, under the URL\'s other transformations', async () => {
    assert.equal((await savePreset({ name: 'square_sm', params: { w: 50, h: 50, fit: 'cover', f: 'png' } })).status, 201);
    const native = await get(`/cdn/${small.id}?preset=square_sm`);
    const cloudinary = await get(`/cloudinary/image/upload/t_square_sm/${small.id}`);
    assert.equal(cloudinary.status, 200, cloudinary.body.toString());
    assert.equal(cloudinary.headers.get('x-convertly-unsupported'), null);
    assert.equal(cloudinary.headers.get('etag'), native.headers.get('etag'));
    assert.ok(cloudinary.body.equals(native.body));
    const unknown = await get(`/cloudinary/image/upload/t_nope/${small.id}`);
    assert.equal(unknown.status, 400);
    assert.match(errorOf(unknown.body).message, /No preset "nope"/);
  });

  it('applies on /src/ paths too, and is never answered from the hit memo after it changes', async () => {
    await uploadViaFetch(server, await smallPhoto(1), 'shoe.jpg', '?path=presets/shoe.jpg');
    assert.equal((await savePreset({ name: 'src_thumb', params: { w: 70, h: 70, f: 'png' } })).status, 201);
    const spelled = await get('/src/uploads/presets/shoe.jpg?w=70&h=70&f=png');
    const first = await get('/src/uploads/presets/shoe.jpg?preset=src_thumb');
    assert.equal(first.status, 200, first.body.toString());
    assert.equal(first.headers.get('etag'), spelled.headers.get('etag'));
    assert.ok(first.body.equals(spelled.body));
    await get('/src/uploads/presets/shoe.jpg?preset=src_thumb');
    assert.equal((await savePreset({ name: 'src_thumb', params: { w: 70, h: 70, f: 'png', flip: 'h' } })).status, 200);
    const changed = await get('/src/uploads/presets/shoe.jpg?preset=src_thumb');
    assert.equal(changed.headers.get('etag'), (await get('/src/uploads/presets/shoe.jpg?w=70&h=70&f=png&flip=h')).headers.get('etag'));
    assert.notEqual(changed.headers.get('etag'), first.headers.get('etag'));
  });

  it('refuses bad preset bodies with a 400 naming the parameter, and bad names', async () => {
    for (const [params, parameter] of [[{ w: 0 }, 'w'], [{ rot: 400 }, 'rot'], ['fit=squash', 'fit'], [{ gravty: 'face' }, 'gravty'], [{ preset: 'x' }, 'preset'], [{ key: 'cvdk_x' }, 'key'], [{}, 'params'], [[1], 'params']] as const) {
      const saved = await savePreset({ name: 'bad', params });
      assert.equal(saved.status, 400, JSON.stringify(params));
      assert.equal(saved.json.error?.code, 'invalid_parameter');
      assert.match(saved.json.error?.message ?? '', new RegExp(parameter), JSON.stringify(params));
    }
    for (const name of ['', 'has space', '-lead', 'a'.repeat(65), 'x/y']) {
      const saved = await savePreset({ name, params: { w: 10 } });
      assert.equal(saved.status, 400, name);
      assert.match(saved.json.error?.message ?? '', /name/, name);
    }
    const missing = await savePreset({ params: { w: 10 } });
    assert.equal(missing.status, 400);
  });

  it('an unknown preset or a malformed preset= on /cdn is a 400 naming it', async () => {
    const unknown = await get(`/cdn/${small.id}?preset=missing`);
    assert.equal(unknown.status, 400);
    assert.equal(errorOf(unknown.body).code, 'invalid_parameter');
    assert.match(errorOf(unknown.body).message, /No preset "missing" in this workspace/);
    const malformed = await get(`/cdn/${small.id}?preset=a%20b`);
    assert.equal(malformed.status, 400);
    assert.match(errorOf(malformed.body).message, /for preset/);
  });

  it('delivery keys may render with a preset but not manage presets (403)', async () => {
    const key = (await (await server.fetch('/api/keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'delivery', name: 'site' }) })).json()) as { token: string };
    const authorization = `Bearer ${key.token}`;
    for (const [method, path, body] of [['GET', '/api/presets', undefined], ['POST', '/api/presets', JSON.stringify({ name: 'x', params: { w: 10 } })], ['DELETE', '/api/presets/thumb', undefined]] as const) {
      const headers: Record<string, string> = body === undefined ? { authorization } : { authorization, 'content-type': 'application/json' };
      const response = await fetch(`${server.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
      assert.equal(response.status, 403, `${method} ${path}`);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'delivery_key_not_allowed');
    }
    assert.equal((await savePreset({ name: 'site_thumb', params: { w: 32, f: 'png' } })).status, 201);
    const rendered = await fetch(`${server.url}/cdn/${small.id}?preset=site_thumb&key=${key.token}`);
    assert.equal(rendered.status, 200);
    assert.equal(rendered.headers.get('content-type'), 'image/png');
  });

  it('convertly presets add|list|remove works on the server\'s database', async () => {
    const out: string[] = [];
    const run = (...args: string[]) => createProgram({ config: server.config, stdout: (line) => out.push(line), stderr: () => {} }).exitOverride().parseAsync(args, { from: 'user' });
    await run('presets', 'add', 'cli_thumb', 'w=48&h=48&fit=cover&f=png');
    assert.match(out.at(-1) ?? '', /^cli_thumb\tw=48&h=48&fit=cover&f=png\t/);
    const viaCli = await get(`/cdn/${small.id}?preset=cli_thumb`);
    assert.equal(viaCli.status, 200);
    assert.equal(viaCli.headers.get('etag'), (await get(`/cdn/${small.id}?w=48&h=48&fit=cover&f=png`)).headers.get('etag'));
    out.length = 0;
    await run('presets', 'list');
    assert.ok(out.some((line) => line.startsWith('cli_thumb\t')), out.join('\n'));
    await run('presets', 'remove', 'cli_thumb');
    assert.equal((await get(`/cdn/${small.id}?preset=cli_thumb`)).status, 400);
    await assert.rejects(run('presets', 'remove', 'cli_thumb'), (error: { code?: string }) => error.code === 'not_found');
    await assert.rejects(run('presets', 'add', 'bad', 'w=0'), (error: { code?: string; message?: string }) => error.code === 'invalid_parameter' && /for w /.test(error.message ?? ''));
    await assert.rejects(run('presets', 'add', 'bad name', 'w=10'), (error: { code?: string }) => error.code === 'invalid_parameter');
  });
});
