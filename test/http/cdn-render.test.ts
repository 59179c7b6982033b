// CDN renders over a real socket: request coalescing, cache headers, format negotiation, ETags, HEAD.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { buildTestApp, suiteScope, type TestApp } from '../helpers/build-test-app.js';
import { fetchBytes, imageInfo, pngWithAlpha, sampleBytes, smallPhoto, uploadViaFetch, type FileJson } from './helpers/http-fixtures.js';

const scope = suiteScope();
let server: TestApp;
let photo: FileJson;
let small: FileJson;
let transparent: FileJson;

before(async () => {
  server = await buildTestApp(scope, { listen: true });
  photo = await uploadViaFetch(server, sampleBytes(3), 'sample3.jpg');
  small = await uploadViaFetch(server, await smallPhoto(1), 'small.jpg');
  transparent = await uploadViaFetch(server, await pngWithAlpha(), 'alpha.png');
});
const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => fetchBytes(server, path, { method, headers });

describe('request coalescing', () => {
  it('12 identical concurrent misses of a face render all succeed with the same bytes and render once', async (t) => {
    const rendersBefore = server.services.renditions.stats().renders;
    const path = `/cdn/${photo.id}?w=320&h=320&gravity=face&f=webp`;
    const responses = await Promise.all(Array.from({ length: 12 }, () => get(path)));
    const rendersAfter = server.services.renditions.stats().renders;
    for (const response of responses) {
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'image/webp');
      assert.equal(response.headers.get('x-convertly-focus'), 'face');
      assert.ok(response.body.equals(responses[0]!.body), 'every caller gets the same bytes');
      assert.equal(response.headers.get('etag'), responses[0]!.headers.get('etag'));
    }
    assert.deepEqual(await imageInfo(responses[0]!.body), { format: 'webp', width: 320, height: 320 });
    assert.equal(rendersAfter - rendersBefore, 1, 'one render for twelve identical misses');
    const outcomes = responses.map((response) => response.headers.get('x-convertly-cache'));
    t.diagnostic(`cache outcomes: ${outcomes.join(' ')}`);
    assert.ok(outcomes.includes('miss'));
  });
});

describe('cache headers', () => {
  // public for open mode, delivery keys and signatures; private when an API key renders (SPEC §1).
  const IMMUTABLE = /^(public|private), max-age=31536000, immutable$/;
  const REVALIDATE = /\bno-cache\b/;

  it('fp, compass and detecting gravities are immutable; renders that depend on the stored focal point revalidate', async () => {
    const immutable = ['fp=0.3,0.7', 'gravity=north', 'gravity=southwest', 'gravity=face', 'gravity=smart', 'gravity=auto', 'gravity=entropy', 'gravity=center', 'crop=faces'];
    for (const query of immutable) {
      const response = await get(`/cdn/${small.id}?w=200&h=150&f=jpeg&${query}`);
      assert.equal(response.status, 200, query);
      assert.match(response.headers.get('cache-control') ?? '', IMMUTABLE, query);
    }
    for (const query of ['', 'gravity=focal', 'crop=focalpoint']) {
      const response = await get(`/cdn/${small.id}?w=200&h=150&f=jpeg&${query}`);
      assert.equal(response.status, 200, query);
      assert.match(response.headers.get('cache-control') ?? '', REVALIDATE, `"${query}" depends on the stored focal point`);
      assert.doesNotMatch(response.headers.get('cache-control') ?? '', /immutable/, query);
    }
  });

  it('Vary: Accept only for f=auto (also the default when f is absent)', async () => {
    for (const [query, vary] of [
      ['f=auto', true],
      ['', true],
      ['f=jpeg', false],
      ['f=webp', false],
      ['f=png', false],
    ] as const) {
      const response = await get(`/cdn/${small.id}?w=120&${query}`, { accept: 'image/webp,*/*' });
      assert.equal(response.status, 200, query);
      const header = response.headers.get('vary') ?? '';
      assert.equal(/\baccept\b/i.test(header), vary, `"${query}": Vary is "${header}"`);
    }
  });

  it('f=auto negotiates AVIF, WebP, JPEG from Accept, and PNG for a source with alpha', async () => {
    const cases = [
      [small.id, 'image/avif,image/webp,*/*', 'image/avif', 'heif'],
      [small.id, 'image/webp,*/*', 'image/webp', 'webp'],
      [small.id, '*/*', 'image/jpeg', 'jpeg'],
      [transparent.id, '*/*', 'image/png', 'png'],
    ] as const;
    const etags = new Set<string>();
    for (const [id, accept, type, decoded] of cases) {
      const response = await get(`/cdn/${id}?w=150&f=auto`, { accept });
      assert.equal(response.status, 200, accept);
      assert.equal(response.headers.get('content-type'), type, `${accept} → ${type}`);
      assert.equal((await imageInfo(response.body)).format, decoded);
      etags.add(response.headers.get('etag') ?? '');
    }
    assert.equal(etags.size, cases.length, 'each negotiated format has its own ETag');
    const noAccept = await get(`/cdn/${small.id}?w=150&f=auto`);
    assert.equal(noAccept.status, 200);
    assert.match(noAccept.headers.get('content-type') ?? '', /^image\/(jpeg|webp|avif)$/);
  });

  it('unknown parameters change neither the ETag nor the cache entry', async () => {
    const base = await get(`/cdn/${small.id}?w=180&h=120&fp=0.2,0.4&f=jpeg`);
    const noisy = await get(`/cdn/${small.id}?utm_source=news&w=180&h=120&fp=0.2,0.4&f=jpeg&cb=12345`);
    assert.equal(base.status, 200);
    assert.equal(noisy.status, 200);
    assert.equal(noisy.headers.get('etag'), base.headers.get('etag'));
    assert.equal(noisy.headers.get('x-convertly-cache'), 'hit');
    assert.ok(noisy.body.equals(base.body));
    // Equivalent spellings of known parameters share it too.
    const percent = await get(`/cdn/${small.id}?f=jpeg&fp=20%25,40%25&h=120&w=180`);
    assert.equal(percent.headers.get('etag'), base.headers.get('etag'));
  });

  it('HEAD answers with the headers of GET and no body', async () => {
    const path = `/cdn/${small.id}?w=90&h=90&gravity=center&f=png`;
    const head = await get(path, {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    assert.equal(head.headers.get('content-type'), 'image/png');
    const full = await get(path);
    assert.equal(full.status, 200);
    assert.equal(head.headers.get('etag'), full.headers.get('etag'));
    assert.equal(head.headers.get('x-convertly-window'), full.headers.get('x-convertly-window'));
    assert.deepEqual(await imageInfo(full.body), { format: 'png', width: 90, height: 90 });
    const notModified = await get(path, { 'if-none-match': full.headers.get('etag')! }, 'HEAD');
    assert.equal(notModified.status, 304);
  });

  it('If-None-Match accepts a list, weak validators and *', async () => {
    const path = `/cdn/${small.id}?w=64&f=jpeg`;
    const first = await get(path);
    const etag = first.headers.get('etag')!;
    for (const header of [etag, `"nope", ${etag}`, `W/${etag}`, '*']) {
      const response = await get(path, { 'if-none-match': header });
      assert.equal(response.status, 304, header);
      assert.equal(response.body.length, 0);
    }
    const other = await get(path, { 'if-none-match': '"something-else"' });
    assert.equal(other.status, 200);
  });
});
