// CORS on the render paths, checked from a real Chromium page on another origin (another port of 127.0.0.1):
// a fetch() and a canvas getImageData() on a delivery-key URL succeed, a preflighted fetch (If-None-Match) gets
// its 304, and a key limited to other origins is refused by the browser.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createWorkspaceFixture, startAccountsServer, storeSample, type AccountsServer } from '../accounts-http/helpers/accounts-server.js';
import { launchBrowser } from './helpers/browser.js';

let server: AccountsServer;
let pageServer: Server;
let pageOrigin: string;
let browser: Browser;
let page: Page;
let fileId: string;
let openKey: string;
let pageKey: string;
let foreignKey: string;

before(async () => {
  server = await startAccountsServer({ listen: true, workerThreads: 0 });
  pageServer = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>shop</title><p>another origin</p>');
  });
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
  const workspace = await createWorkspaceFixture(server, 'ws_cors');
  openKey = workspace.deliveryKey;
  const { keys } = server.access.accounts;
  pageKey = (await keys.createKey({ workspaceId: workspace.id, kind: 'delivery', name: 'this page', allowedOrigins: [pageOrigin] })).token;
  foreignKey = (await keys.createKey({ workspaceId: workspace.id, kind: 'delivery', name: 'elsewhere', allowedOrigins: ['https://shop.example.com'] })).token;
  fileId = (await storeSample(server, workspace.id, 2)).id;
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`${pageOrigin}/`);
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => pageServer?.close(resolve));
  await server?.close();
});

interface PageResult {
  readonly fetched: { status: number; etag: string | null; window: string | null } | string;
  readonly revalidated: number | string;
  readonly pixels: number | string;
}

/**
 * Runs in the page: a fetch, a preflighted conditional fetch, and an <img crossorigin> drawn and read back.
 * Written as page source (the project compiles without the DOM lib).
 */
const PAGE_SCRIPT = `async (target) => {
  const fetched = await fetch(target).then(
    (response) => ({
      status: response.status,
      etag: response.headers.get('etag'),
      window: response.headers.get('x-convertly-window'),
    }),
    (error) => 'refused: ' + String(error),
  );
  const etag = typeof fetched === 'string' ? null : fetched.etag;
  const revalidated = etag === null ? 'no etag' : await fetch(target, { headers: { 'If-None-Match': etag } }).then((r) => r.status, (error) => 'refused: ' + String(error));
  const pixels = await new Promise((resolve) => {
    const image = new Image();
    image.crossOrigin = 'anonymous';
    image.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      try {
        resolve(context.getImageData(0, 0, canvas.width, canvas.height).data.length);
      } catch (error) {
        resolve('tainted: ' + String(error));
      }
    };
    image.onerror = () => resolve('image refused');
    image.src = target + '&img=1';
  });
  return { fetched, revalidated, pixels };
}`;

function usePage(url: string): Promise<PageResult> {
  return page.evaluate(`(${PAGE_SCRIPT})(${JSON.stringify(url)})`) as Promise<PageResult>;
}

describe('CORS from a page on another origin (Chromium)', () => {
  it('a delivery key without origin limits: fetch, a preflighted 304 and canvas getImageData all work, with ACAO *', async () => {
    const result = await usePage(`${server.url}/cdn/${fileId}?w=64&h=48&f=png&key=${openKey}`);
    assert.equal(typeof result.fetched, 'object', String(result.fetched));
    const fetched = result.fetched as Exclude<PageResult['fetched'], string>;
    assert.equal(fetched.status, 200);
    // Exposed to the page (Access-Control-Expose-Headers): the ETag and Convertly's own headers.
    assert.ok(fetched.etag !== null && fetched.window !== null);
    assert.equal(result.revalidated, 304);
    assert.equal(result.pixels, 64 * 48 * 4);
    // And the CORS headers themselves (a page cannot read those), as any client sees them.
    const direct = await fetch(`${server.url}/cdn/${fileId}?w=64&h=48&f=png&key=${openKey}`, { headers: { origin: pageOrigin } });
    assert.equal(direct.headers.get('access-control-allow-origin'), '*');
    assert.equal(direct.headers.get('timing-allow-origin'), '*');
    const preflight = await fetch(`${server.url}/cdn/${fileId}?w=64&key=${openKey}`, {
      method: 'OPTIONS',
      headers: { origin: pageOrigin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'if-none-match');
  });

  it('a key limited to this page’s origin answers that origin itself, with Vary: Origin', async () => {
    const result = await usePage(`${server.url}/cdn/${fileId}?w=64&h=48&f=png&key=${pageKey}`);
    const fetched = result.fetched as Exclude<PageResult['fetched'], string>;
    assert.equal(fetched.status, 200, String(result.fetched));
    assert.equal(result.revalidated, 304);
    assert.equal(result.pixels, 64 * 48 * 4);
    const direct = await fetch(`${server.url}/cdn/${fileId}?w=64&h=48&f=png&key=${pageKey}`, { headers: { origin: pageOrigin } });
    assert.equal(direct.headers.get('access-control-allow-origin'), pageOrigin);
    assert.equal(direct.headers.get('timing-allow-origin'), pageOrigin);
    assert.match(direct.headers.get('vary') ?? '', /Origin/);
  });

  it('a key limited to other origins is refused by the browser: no fetch, no image', async () => {
    const result = await usePage(`${server.url}/cdn/${fileId}?w=64&h=48&f=png&key=${foreignKey}`);
    assert.match(String(result.fetched), /^refused/);
    assert.equal(result.pixels, 'image refused');
  });

  it('the dialect routes answer CORS too', async () => {
    const imgix = await usePage(`${server.url}/imgix/${fileId}?w=64&h=48&fit=crop&fm=png&key=${openKey}`);
    assert.equal((imgix.fetched as Exclude<PageResult['fetched'], string>).status, 200, String(imgix.fetched));
    assert.equal(imgix.pixels, 64 * 48 * 4);
    const cloudinary = await usePage(`${server.url}/cloudinary/image/upload/c_fill,w_64,h_48/${fileId}.png?key=${pageKey}`);
    assert.equal((cloudinary.fetched as Exclude<PageResult['fetched'], string>).status, 200, String(cloudinary.fetched));
    assert.equal(cloudinary.pixels, 64 * 48 * 4);
    const refused = await usePage(`${server.url}/cloudinary/image/upload/c_fill,w_64,h_48/${fileId}.png?key=${foreignKey}`);
    assert.equal(refused.pixels, 'image refused');
  });
});
