// The dashboard is served at / without shadowing the API, the CDN or the health routes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openModeOptions, startWebServer, type WebServer } from './helpers/web-server.js';

describe('dashboard static routes', () => {
  let web: WebServer;
  before(async () => {
    web = await startWebServer(await openModeOptions(), { WORKER_THREADS: '1' });
  });
  after(async () => {
    await web?.close();
  });

  it('serves index.html at / with a same-origin-only content security policy', async () => {
    const response = await fetch(`${web.url}/`);
    assert.equal(response.status, 200);
    assert.match(String(response.headers.get('content-type')), /^text\/html/);
    const csp = String(response.headers.get('content-security-policy'));
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    const html = await response.text();
    assert.match(html, /<script type="module" src="\/js\/app.js"><\/script>/);
    assert.doesNotMatch(html, /https?:\/\//, 'no third-party resource in the page');
  });

  it('serves the scripts and styles with their types', async () => {
    for (const [path, type] of [['/js/app.js', /javascript/], ['/js/api.js', /javascript/], ['/css/app.css', /text\/css/], ['/favicon.svg', /image\/svg\+xml/]] as const) {
      const response = await fetch(`${web.url}${path}`);
      assert.equal(response.status, 200, path);
      assert.match(String(response.headers.get('content-type')), type, path);
    }
  });

  it('leaves unknown paths, the API, the CDN and health to their own routes', async () => {
    const unknown = await fetch(`${web.url}/api/nothing-here`);
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'not_found');
    const missing = await fetch(`${web.url}/no-such-page.html`);
    assert.equal(missing.status, 404);
    assert.equal((await fetch(`${web.url}/healthz`)).status, 200);
    const files = await fetch(`${web.url}/api/files`);
    assert.equal(files.status, 200);
    assert.deepEqual(((await files.json()) as { items: unknown[] }).items, []);
    const cdn = await fetch(`${web.url}/cdn/f_doesnotexist00000000?w=10`);
    assert.equal(cdn.status, 404);
    assert.match(String(cdn.headers.get('content-type')), /json/);
  });

  it('never serves files outside public/', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/js/../../package.json', '/.gitignore']) {
      const response = await fetch(`${web.url}${path}`);
      assert.notEqual(response.status, 200, path);
    }
  });
});
