// Issue 14 §5 (SSRF): with nothing allowed, sources at 127.0.0.1, at a name that resolves to it
// (localhost), at ::1 and at the cloud metadata address are refused (403 forbidden), and so is an allowed
// origin that redirects to a refused one; the refused origin never sees a connection. Redirects are capped at 3.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleBytes } from '../fixtures/photos.js';
import { createAddressPolicy } from '../../src/storage/index.js';
import { buildTestApp, suiteScope, type TestApp } from '../helpers/build-test-app.js';
import { startOriginServer } from '../helpers/origin-server.js';

async function render(app: TestApp, name: string, baseUrl: string, path = 'a.jpg') {
  const added = await app.inject({ method: 'POST', url: '/api/sources', payload: { name, kind: 'http', baseUrl } });
  assert.equal(added.statusCode, 201, added.body);
  return app.inject({ method: 'GET', url: `/src/${name}/${path}?w=50` });
}

describe('source fetches and private addresses', () => {
  const scope = suiteScope();

  it('refuses loopback, a name resolving to it, ::1 and 169.254.169.254 without connecting', async () => {
    const refusedOrigin = await startOriginServer(scope);
    refusedOrigin.put('/a.jpg', { bytes: sampleBytes(2) });
    const app = await buildTestApp(scope, { workerThreads: 0, env: { SOURCES_CONNECT_TIMEOUT_MS: '500' } });
    const targets: Array<[string, string]> = [
      ['loopback', refusedOrigin.url],
      ['by-name', `http://localhost:${refusedOrigin.port}`],
      ['v6-loopback', `http://[::1]:${refusedOrigin.port}`],
      ['v4-mapped', `http://[::ffff:127.0.0.1]:${refusedOrigin.port}`],
      ['metadata', 'http://169.254.169.254/latest/meta-data'],
      ['unspecified', `http://0.0.0.0:${refusedOrigin.port}`],
    ];
    for (const [name, baseUrl] of targets) {
      const response = await render(app, name, baseUrl);
      assert.equal(response.statusCode, 403, `${name}: ${response.body}`);
      assert.equal(response.json().error.code, 'forbidden');
      assert.match(response.json().error.message, /SOURCES_ALLOW_PRIVATE/);
    }
    assert.equal(refusedOrigin.connections, 0);
  });

  it('an allowed origin that redirects to a refused address is refused at the redirect', async () => {
    // 127.0.0.2 is loopback too on Linux: allowed here by CIDR, while 127.0.0.1 stays refused.
    const allowed = await startOriginServer(scope, '127.0.0.2');
    const refusedOrigin = await startOriginServer(scope);
    refusedOrigin.put('/a.jpg', { bytes: sampleBytes(2) });
    allowed.put('/to-ip.jpg', { redirect: `${refusedOrigin.url}/a.jpg` });
    allowed.put('/to-name.jpg', { redirect: `http://localhost:${refusedOrigin.port}/a.jpg` });
    allowed.put('/fine.jpg', { bytes: sampleBytes(2) });
    allowed.put('/hop1.jpg', { redirect: '/hop2.jpg' });
    allowed.put('/hop2.jpg', { redirect: '/hop3.jpg' });
    allowed.put('/hop3.jpg', { redirect: '/fine.jpg' });
    allowed.put('/loop.jpg', { redirect: '/loop.jpg' });
    allowed.put('/to-file.jpg', { redirect: 'file:///etc/passwd' });
    const app = await buildTestApp(scope, { workerThreads: 0, env: { SOURCES_ALLOW_PRIVATE: '127.0.0.2/32' } });
    const added = await app.inject({ method: 'POST', url: '/api/sources', payload: { name: 'web', kind: 'http', baseUrl: allowed.url } });
    assert.equal(added.statusCode, 201);
    const get = (path: string) => app.inject({ method: 'GET', url: `/src/web/${path}?w=50` });
    for (const path of ['to-ip.jpg', 'to-name.jpg']) {
      const response = await get(path);
      assert.equal(response.statusCode, 403, `${path}: ${response.body}`);
      assert.equal(response.json().error.code, 'forbidden');
    }
    assert.equal(refusedOrigin.connections, 0);
    assert.equal((await get('fine.jpg')).statusCode, 200);
    assert.equal((await get('hop1.jpg')).statusCode, 200, 'three redirects are followed');
    for (const path of ['loop.jpg', 'to-file.jpg']) {
      const response = await get(path);
      assert.equal(response.statusCode, 502, `${path}: ${response.body}`);
      assert.equal(response.json().error.code, 'origin_unavailable');
    }
    assert.equal(allowed.requests('/loop.jpg'), 4, 'the first request and three redirects, no more');
  });

  it('the address policy: private ranges refused unless a CIDR allows them; public addresses pass', () => {
    const none = createAddressPolicy([]);
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1', 'not-an-ip']) {
      assert.equal(none.allows(address), false, address);
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8']) assert.equal(none.allows(address), true, address);
    const some = createAddressPolicy(['10.0.0.0/8', 'fd00::/8', '127.0.0.1']);
    assert.equal(some.allows('10.9.9.9'), true);
    assert.equal(some.allows('fd12::1'), true);
    assert.equal(some.allows('127.0.0.1'), true);
    assert.equal(some.allows('127.0.0.2'), false);
    assert.equal(some.allows('192.168.0.1'), false);
  });

  it('SOURCES_ALLOW_PRIVATE must be addresses or CIDRs', async () => {
    await assert.rejects(buildTestApp(null, { workerThreads: 0, env: { SOURCES_ALLOW_PRIVATE: 'everything' } }), (error: { code?: string; message?: string }) => error.code === 'invalid_parameter' && /SOURCES_ALLOW_PRIVATE/.test(error.message ?? ''));
  });
});
