// Operations endpoints: /healthz, and the Prometheus metrics SPEC §7 / issue 4 name, after real traffic.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sampleBytes, smallPhoto, uploadViaInject } from './helpers/http-fixtures.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

let server: TestServer;

before(async () => {
  server = await startTestServer({ listen: false });
});
after(async () => {
  await server.close();
});

/** The value of one sample line (`name{labels} value`), or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const labelText = match[2] ?? '';
    if (Object.entries(labels).every(([key, value]) => labelText.includes(`${key}="${value}"`))) return Number(match[3]);
  }
  return undefined;
}

describe('operations endpoints', () => {
  it('/healthz answers 200 {status:"ok"}', async () => {
    const response = await server.inject({ method: 'GET', url: '/healthz' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'ok' });
    assert.ok(response.headers['x-request-id'], 'every response names its request id');
  });

  it('/metrics exposes requests, render and analyze latency, cache hit ratio and queue depth after traffic', async () => {
    const file = await uploadViaInject(server, await smallPhoto(2, 480));
    const analyzed = await server.inject({ method: 'POST', url: '/api/images/analyze', payload: { fileId: file.id } });
    assert.equal(analyzed.statusCode, 200, analyzed.body);
    for (const query of ['w=200&h=200&gravity=face&f=jpeg', 'w=200&h=200&gravity=face&f=jpeg', 'w=150&h=100&gravity=north&f=webp', 'w=120&f=png']) {
      assert.equal((await server.inject({ method: 'GET', url: `/cdn/${file.id}?${query}` })).statusCode, 200, query);
    }
    assert.equal((await server.inject({ method: 'GET', url: '/cdn/f_00000000000000000000?w=10' })).statusCode, 404);

    const response = await server.inject({ method: 'GET', url: '/metrics' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/plain/);
    const text = response.body;
    for (const name of ['convertly_http_requests_total', 'convertly_render_seconds', 'convertly_analyze_seconds', 'convertly_cdn_cache_hit_ratio', 'convertly_worker_queue_depth']) {
      assert.match(text, new RegExp(`^# TYPE ${name} `, 'm'), name);
    }
    assert.ok((sample(text, 'convertly_http_requests_total', { method: 'GET', route: '/cdn/:fileId', status: '200' }) ?? 0) >= 4);
    assert.equal(sample(text, 'convertly_http_requests_total', { method: 'POST', route: '/api/files', status: '201' }), 1);
    assert.equal(sample(text, 'convertly_http_requests_total', { route: '/cdn/:fileId', status: '404' }), 1);
    // Latency by gravity: one face miss (the second face request was a hit), one compass miss.
    assert.equal(sample(text, 'convertly_render_seconds_count', { gravity: 'face' }), 1);
    assert.equal(sample(text, 'convertly_render_seconds_count', { gravity: 'north' }), 1);
    assert.equal(sample(text, 'convertly_render_seconds_bucket', { gravity: 'face', le: '+Inf' }), 1);
    assert.equal(sample(text, 'convertly_analyze_seconds_count'), 1);
    const ratio = sample(text, 'convertly_cdn_cache_hit_ratio');
    assert.ok(ratio !== undefined && ratio > 0 && ratio < 1, `hit ratio ${ratio}`);
    assert.equal(sample(text, 'convertly_worker_queue_depth'), 0);
  });

  it('misses of other sizes of one original reuse its decoded pixels, and /metrics says so', async () => {
    const file = await uploadViaInject(server, sampleBytes(1));
    const count = async (outcome: string) => sample((await server.inject({ method: 'GET', url: '/metrics' })).body, 'convertly_decoded_source_total', { outcome }) ?? 0;
    const before = { decode: await count('decode'), hit: await count('hit') };
    // 1920×1280 to 600×400 and 560×360: both decode the source at a third (see engine/decode-plan.ts).
    const first = await server.inject({ method: 'GET', url: `/cdn/${file.id}?w=600&h=400&gravity=center&f=jpeg` });
    const second = await server.inject({ method: 'GET', url: `/cdn/${file.id}?w=560&h=360&gravity=center&f=jpeg` });
    assert.deepEqual([first.statusCode, second.statusCode], [200, 200]);
    assert.deepEqual([first.headers['x-convertly-cache'], second.headers['x-convertly-cache']], ['miss', 'miss']);
    assert.equal((await count('decode')) - before.decode, 1, 'one decode for both sizes');
    assert.equal((await count('hit')) - before.hit, 1, 'the second size reused it');
    const text = (await server.inject({ method: 'GET', url: '/metrics' })).body;
    assert.ok((sample(text, 'convertly_decoded_source_bytes') ?? 0) >= 640 * 426 * 3, 'the 640×426 intermediate is kept');
  });

  it('with DECODE_CACHE_BYTES=0 misses decode in one pipeline each and keep nothing', async () => {
    const plain = await startTestServer({ listen: false, env: { DECODE_CACHE_BYTES: '0' } });
    try {
      const file = await uploadViaInject(plain, sampleBytes(1));
      const etags: string[] = [];
      for (const query of ['w=600&h=400&gravity=center&f=jpeg', 'w=560&h=360&gravity=center&f=jpeg']) {
        const response = await plain.inject({ method: 'GET', url: `/cdn/${file.id}?${query}` });
        assert.equal(response.statusCode, 200);
        etags.push(String(response.headers.etag));
      }
      const text = (await plain.inject({ method: 'GET', url: '/metrics' })).body;
      assert.equal(sample(text, 'convertly_decoded_source_total', { outcome: 'decode' }), 0);
      assert.equal(sample(text, 'convertly_decoded_source_bytes'), 0);
      assert.equal(new Set(etags).size, 2);
    } finally {
      await plain.close();
    }
  });
});
