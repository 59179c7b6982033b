// Issue 14 §2, §3, §5, §6: GET /src/{source}/{path…} fetches the original once from a web folder on
// 127.0.0.1, stores it as a file record (source + path), renders with every SPEC §1 parameter and the /cdn
// headers; origin failures map to clear JSON errors; a fetch plus render is one operation.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { sampleBytes } from '../fixtures/photos.js';
import { buildTestApp, suiteScope, type TestApp } from '../helpers/build-test-app.js';
import { startOriginServer, type OriginServer } from '../helpers/origin-server.js';
import { findPathFile } from '../../src/services/sources/source-files.js';

const ALLOW = { SOURCES_ALLOW_PRIVATE: '127.0.0.1/32' };

async function addSource(app: TestApp, body: Record<string, unknown>): Promise<void> {
  const response = await app.inject({ method: 'POST', url: '/api/sources', payload: body });
  assert.equal(response.statusCode, 201, response.body);
}

describe('GET /src/{source}/{path}', () => {
  const scope = suiteScope();
  const setup = (async () => {
    const origin = await startOriginServer(scope);
    const app = await buildTestApp(scope, { env: { ...ALLOW, MAX_UPLOAD_BYTES: '2000000', SOURCES_TIMEOUT_MS: '1500', QUOTA_FREE: '100' } });
    await addSource(app, { name: 'web', kind: 'http', baseUrl: `${origin.url}/images` });
    return { origin, app };
  })();

  it('fetches once, renders, then serves hits; the origin sees one request', async () => {
    const { origin, app } = await setup;
    origin.put('/images/people/group one.jpg', { bytes: sampleBytes(1), etag: '"v1"' });
    const url = '/src/web/people/group%20one.jpg?w=240&h=240&gravity=face';
    const first = await app.inject({ method: 'GET', url });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.headers['x-convertly-cache'], 'miss');
    assert.equal(first.headers['x-convertly-focus'], 'face');
    assert.match(String(first.headers['x-convertly-window']), /^\d+,\d+,\d+,\d+$/);
    assert.equal(first.headers['content-type'], 'image/jpeg');
    const meta = await sharp(first.rawPayload).metadata();
    assert.deepEqual([meta.width, meta.height], [240, 240]);
    const second = await app.inject({ method: 'GET', url });
    assert.equal(second.headers['x-convertly-cache'], 'hit');
    assert.deepEqual(second.rawPayload, first.rawPayload);
    const other = await app.inject({ method: 'GET', url: '/src/web/people/group%20one.jpg?w=100&h=100&fp=0.2,0.3&f=webp' });
    assert.equal(other.statusCode, 200);
    assert.equal(other.headers['x-convertly-focus'], 'fp');
    assert.equal(other.headers['content-type'], 'image/webp');
    assert.equal(origin.requests('/images/people/group one.jpg'), 1);
    const notModified = await app.inject({ method: 'GET', url, headers: { 'if-none-match': String(first.headers.etag) } });
    assert.equal(notModified.statusCode, 304);
    // The path became a file record of the workspace, with its source and path. Its row is written after the first
    // answer (first-fetch.ts): findPathFile waits for that write, so the listing does not race it.
    await findPathFile(app.services, 'ws_default', 'web', 'people/group one.jpg');
    const listed = (await app.inject({ method: 'GET', url: '/api/files' })).json().items;
    assert.ok(listed.some((file: { name: string; width: number }) => file.name === 'group one.jpg' && file.width === 1920));
  });

  it('concurrent first requests for one path fetch it once', async () => {
    const { origin, app } = await setup;
    origin.put('/images/burst.jpg', { bytes: sampleBytes(3), delayMs: 100 });
    const answers = await Promise.all([120, 130, 140, 150, 160].map((w) => app.inject({ method: 'GET', url: `/src/web/burst.jpg?w=${w}` })));
    assert.deepEqual(answers.map((answer) => answer.statusCode), [200, 200, 200, 200, 200]);
    assert.equal(origin.requests('/images/burst.jpg'), 1);
  });

  it('a fetch plus render is one operation; a hit is free', async () => {
    const { origin, app } = await setup;
    origin.put('/images/quota.jpg', { bytes: sampleBytes(2) });
    const used = async () => (await app.inject({ method: 'GET', url: '/api/usage' })).json().used as number;
    const before = await used();
    assert.equal((await app.inject({ method: 'GET', url: '/src/web/quota.jpg?w=64' })).headers['x-convertly-cache'], 'miss');
    assert.equal(await used(), before + 1);
    assert.equal((await app.inject({ method: 'GET', url: '/src/web/quota.jpg?w=64' })).headers['x-convertly-cache'], 'hit');
    assert.equal(await used(), before + 1);
  });

  const failures: Array<[string, Record<string, unknown> | undefined, number, string]> = [
    ['missing at the origin', undefined, 404, 'not_found'],
    ['an origin 500', { status: 500, bytes: Buffer.from('boom'), contentType: 'text/plain; charset=utf-8' }, 502, 'origin_unavailable'],
    ['an origin 403', { status: 403, bytes: Buffer.from('no'), contentType: 'application/xml' }, 502, 'origin_unavailable'],
    ['a slow origin', { bytes: sampleBytes(2), delayMs: 3000 }, 502, 'origin_unavailable'],
    ['an oversized original', { bytes: Buffer.alloc(2_100_000, 1) }, 413, 'image_too_large'],
    ['an HTML page', { bytes: Buffer.from('<html></html>'), contentType: 'text/html' }, 415, 'unsupported_image'],
    ['bytes that are no image', { bytes: Buffer.from('GIF89a but not really'), contentType: 'image/gif' }, 415, 'unsupported_image'],
  ];
  for (const [label, object, status, code] of failures) {
    it(`${label} is ${status} ${code}, and nothing is kept`, async () => {
      const { origin, app } = await setup;
      const path = `/images/fail-${code}-${status}-${label.length}.jpg`;
      if (object !== undefined) origin.put(path, object);
      const response = await app.inject({ method: 'GET', url: `/src/web${path.slice('/images'.length)}?w=50` });
      assert.equal(response.statusCode, status, response.body);
      assert.equal(response.json().error.code, code);
      assert.match(response.json().error.message, /\w/);
      const kept = await app.services.files.findByPath('ws_default', (await app.services.sources.getSource('ws_default', 'web'))!.id, path.slice('/images/'.length));
      assert.equal(kept, null);
    });
  }

  it('refuses bad paths and unknown sources with clear errors', async () => {
    const { app } = await setup;
    const cases: Array<[string, number, string]> = [
      ['/src/web/a//b.jpg', 400, 'invalid_parameter'],
      ['/src/web/%E0%A4%A.jpg', 400, 'invalid_request'],
      ['/src/nosuch/a.jpg', 404, 'not_found'],
      ['/src/web', 404, 'not_found'],
      ['/src/web/a.jpg?w=0', 400, 'invalid_parameter'],
      ['/src/uploads/not/stored.jpg', 404, 'not_found'],
    ];
    for (const [url, status, code] of cases) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, status, `${url}: ${response.body}`);
      assert.equal(response.json().error.code, code, url);
    }
  });

  it('a private source needs a credential; a public one renders for anyone', async () => {
    const { origin, app } = await setup;
    origin.put('/images/open.jpg', { bytes: sampleBytes(4) });
    const anonymous = await app.app.inject({ method: 'GET', url: '/src/web/open.jpg?w=80' });
    assert.equal(anonymous.statusCode, 401);
    await addSource(app, { name: 'open-web', kind: 'http', baseUrl: `${origin.url}/images`, public: true });
    const open = await app.app.inject({ method: 'GET', url: '/src/open-web/open.jpg?w=80' });
    assert.equal(open.statusCode, 200, open.body);
    assert.match(String(open.headers['cache-control']), /^public, max-age=\d+$/);
  });
});

describe('revalidation after SOURCES_TTL_SECONDS', () => {
  const scope = suiteScope();
  it('a 304 from the origin keeps the copy; changed bytes change the version and the render', async () => {
    const origin = await startOriginServer(scope);
    const app = await buildTestApp(scope, { workerThreads: 0, env: { ...ALLOW, SOURCES_TTL_SECONDS: '1' } });
    await addSource(app, { name: 'web', kind: 'http', baseUrl: origin.url });
    origin.put('/hero.jpg', { bytes: sampleBytes(2), etag: '"one"' });
    const first = await app.inject({ method: 'GET', url: '/src/web/hero.jpg?w=100' });
    assert.equal(first.statusCode, 200);
    assert.equal(origin.requests('/hero.jpg'), 1);
    await sleep(1100);
    const kept = await app.inject({ method: 'GET', url: '/src/web/hero.jpg?w=100' });
    assert.equal(kept.headers['x-convertly-cache'], 'hit');
    assert.equal(kept.headers.etag, first.headers.etag);
    assert.equal(origin.notModified('/hero.jpg'), 1);
    // A new original at the origin (another photo, another size): picked up after the TTL, never the old render.
    origin.put('/hero.jpg', { bytes: sampleBytes(5), etag: '"two"' });
    const stillTrusted = await app.inject({ method: 'GET', url: '/src/web/hero.jpg?w=100' });
    assert.equal(stillTrusted.headers.etag, first.headers.etag);
    await sleep(1100);
    const changed = await app.inject({ method: 'GET', url: '/src/web/hero.jpg?w=100' });
    assert.equal(changed.statusCode, 200);
    assert.equal(changed.headers['x-convertly-cache'], 'miss');
    assert.notEqual(changed.headers.etag, first.headers.etag);
    const [was, now] = await Promise.all([sharp(first.rawPayload).metadata(), sharp(changed.rawPayload).metadata()]);
    const expected = await sharp(sampleBytes(5)).metadata();
    assert.equal(now.height, Math.round((100 * expected.height!) / expected.width!));
    assert.ok(was.height !== now.height || !first.rawPayload.equals(changed.rawPayload));
    // Gone at the origin: a 404, and fetched afresh should it come back.
    origin.put('/hero.jpg', { status: 404, bytes: Buffer.from('gone'), contentType: 'text/plain' });
    await sleep(1100);
    assert.equal((await app.inject({ method: 'GET', url: '/src/web/hero.jpg?w=100' })).statusCode, 404);
  });
});
