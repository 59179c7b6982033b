// The API reference page at /docs: rendered by a real Chromium from this server's own assets, with no
// request leaving 127.0.0.1 (the page must work on a machine with no internet).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, watchPageErrors } from './helpers/browser.js';
import { openModeOptions, startWebServer, type WebServer } from './helpers/web-server.js';

describe('API reference page', { timeout: 5 * 60_000 }, () => {
  let web: WebServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const requested: string[] = [];

  before(async () => {
    web = await startWebServer(await openModeOptions());
    browser = await launchBrowser();
    page = await browser.newPage({ baseURL: web.url, viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(120_000);
    errors = watchPageErrors(page);
    page.on('request', (request) => requested.push(request.url()));
    // Anything for another origin is refused, so a page that needs the internet fails here as it would offline.
    await page.route((url) => url.origin !== web.url, (route) => route.abort());
  });

  after(async () => {
    await browser?.close();
    await web?.close();
  });

  it('renders every operation of /openapi.json from local assets only', async () => {
    const response = await page.goto('/docs');
    assert.equal(response?.status(), 200);
    await page.locator('.swagger-ui .info .title', { hasText: 'Convertly' }).waitFor();
    await page.locator('.opblock').first().waitFor();
    const document = (await (await fetch(`${web.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(document.paths).reduce((count, methods) => count + Object.keys(methods).length, 0);
    assert.equal(await page.locator('.opblock').count(), operations);
    // Opening one shows its parameters and responses, as read from the document.
    await page.locator('.opblock-summary', { hasText: '/api/files/{id}' }).first().click();
    await page.locator('.opblock .parameters-container', { hasText: 'id' }).first().waitFor();
    await screenshot(page, 'api-docs');
    const foreign = requested.filter((url) => !url.startsWith(web.url) && !url.startsWith('data:') && !url.startsWith('blob:'));
    assert.deepEqual(foreign, [], 'requests that left the server');
    assert.ok(requested.some((url) => url.endsWith('/swagger-ui-bundle.js')));
    assert.deepEqual(errors, []);
  });
});
