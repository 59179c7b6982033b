// Without accounts (open mode: no /api/me) the dashboard needs no sign-in and says so; the pages
// that need accounts explain instead of failing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, watchPageErrors } from './helpers/browser.js';
import { openModeOptions, startWebServer, type WebServer } from './helpers/web-server.js';

describe('dashboard in open mode', { timeout: 5 * 60_000 }, () => {
  let web: WebServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  before(async () => {
    web = await startWebServer(await openModeOptions());
    browser = await launchBrowser();
    page = await browser.newPage({ baseURL: web.url, viewport: { width: 1024, height: 768 } });
    page.setDefaultTimeout(120_000);
    errors = watchPageErrors(page);
  });

  after(async () => {
    await browser?.close();
    await web?.close();
  });

  it('opens the library directly, marked as open mode', async () => {
    await page.goto('/');
    await page.locator('#file-grid').waitFor({ state: 'attached' });
    assert.equal(await page.locator('#login-email').count(), 0);
    assert.equal(await page.locator('#account .badge').textContent(), 'Open mode');
    assert.match(String(await page.locator('.empty').textContent()), /No images yet/);
  });

  it('explains that keys and usage need accounts', async () => {
    await page.goto('/#/keys');
    await page.locator('.empty', { hasText: 'open mode' }).waitFor();
    assert.ok(await page.locator('#key-form button[type="submit"]').isDisabled());
    await page.goto('/#/usage');
    await page.locator('.notice', { hasText: 'open mode' }).waitFor();
    assert.deepEqual(errors, []);
  });
});
