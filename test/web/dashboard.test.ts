// The dashboard in real headless Chromium against the real server (accounts on, first-run admin):
// sign in, upload real photos, analyze and see the faces, drag the focal point and watch the
// 16:9 preview change, create and revoke keys, build URLs that render, usage, 375 px, sign out.
// Screenshots of the main pages go to test-artifacts/screenshots/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, screenshot, watchPageErrors } from './helpers/browser.js';
import type { PageDocument, PageWindow } from './helpers/page-globals.js';
import { startWebServer, type WebServer } from './helpers/web-server.js';
import { samplePath } from '../fixtures/photos.js';

declare const document: PageDocument;
declare const window: PageWindow;

const PHOTO = samplePath(1);
const SECOND_PHOTO = samplePath(2);
// Two shared cores run face detection for every preview: be patient, assert no timings.
const SLOW_MS = 240_000;

interface FileJson {
  readonly id: string;
  readonly version: number;
  readonly focal: { x: number; y: number } | null;
  readonly analysis: { faces: { score: number }[] } | null;
}

/** Email and password from the first-run banner the server prints once. */
function parseFirstRun(text: string): { email: string; password: string } {
  const email = /Login\s+(\S+)/.exec(text)?.[1];
  const password = /Password\s+(\S+)/.exec(text)?.[1];
  assert.ok(email && password, `no credentials in the first-run banner:\n${text}`);
  return { email, password };
}

async function apiJson<T>(page: Page, path: string): Promise<T> {
  // Through the page's own request context: the session cookie goes along, as from the dashboard.
  const response = await page.request.get(path);
  assert.equal(response.status(), 200, `${path}: ${await response.text()}`);
  return (await response.json()) as T;
}

async function readyPreview(row: string, aspect: string, page: Page): Promise<Locator> {
  const preview = page.locator(`.preview-row[data-gravity="${row}"] .preview[data-aspect="${aspect}"]`);
  await page.waitForFunction(
    ([g, a]) => document.querySelector(`.preview-row[data-gravity="${g}"] .preview[data-aspect="${a}"]`)?.dataset.state === 'ready',
    [row, aspect] as const,
    { timeout: SLOW_MS },
  );
  return preview;
}

/** Waits until the URL builder has checked its URL with the free plan (its status line names the format). */
async function builderRendered(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('#builder-status')?.dataset.state === 'ok', null, { timeout: SLOW_MS });
}

/** Renders the builder's URL for real (the explicit button) and waits for a 200. */
async function builderTested(page: Page): Promise<void> {
  await builderRendered(page);
  await page.click('#builder-test');
  await page.waitForFunction(() => document.querySelector('#builder-test-result')?.dataset.status === '200', null, { timeout: SLOW_MS });
}

async function noHorizontalScroll(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
}

describe('dashboard in headless Chromium', { timeout: 20 * 60_000 }, () => {
  let web: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let admin: { email: string; password: string };
  let fileId = '';
  let deliveryToken = '';

  before(async () => {
    let banner = '';
    web = await startWebServer({ announce: (text) => (banner = text) });
    admin = parseFirstRun(banner);
    browser = await launchBrowser();
    context = await browser.newContext({
      baseURL: web.url,
      locale: 'en-US',
      viewport: { width: 1280, height: 900 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    context.setDefaultTimeout(120_000);
    page = await context.newPage();
    pageErrors = watchPageErrors(page);
  });

  after(async () => {
    await browser?.close();
    await web?.close();
  });

  it('shows the sign-in page, refuses a wrong password, and lets the first-run admin in', async () => {
    await page.goto(`${web.url}/`);
    await page.locator('#login-email').waitFor();
    await screenshot(page, 'login');
    await page.fill('#login-email', admin.email);
    await page.fill('#login-password', 'not the password');
    await page.click('.login-form button[type="submit"]');
    const error = page.locator('.login-form .form-error');
    await error.waitFor({ state: 'visible' });
    assert.match(String(await error.textContent()), /\w+ \w+/, 'the API message is shown');
    await page.fill('#login-password', admin.password);
    await page.click('.login-form button[type="submit"]');
    await page.locator('#file-grid').waitFor({ state: 'attached' });
    assert.equal(await page.locator('#account .who').textContent(), admin.email);
    const cookies = await context.cookies();
    const session = cookies.find((cookie) => cookie.name.includes('convertly_session'));
    assert.ok(session?.httpOnly, 'the session cookie is HttpOnly');
  });

  it('uploads several photos with per-file progress and shows CDN thumbnails', async () => {
    await page.setInputFiles('#upload-input', [PHOTO, SECOND_PHOTO]);
    assert.equal(await page.locator('.upload-item progress').count(), 2, 'one progress bar per file');
    await page.waitForFunction(() => document.querySelectorAll('#file-grid .card').length === 2, null, { timeout: SLOW_MS });
    await page.waitForFunction(
      () => Array.from(document.querySelectorAll('#file-grid .thumb img')).every((img) => img.complete === true && (img.naturalWidth ?? 0) > 0),
      null,
      { timeout: SLOW_MS },
    );
    const src = await page.locator('#file-grid .card', { hasText: 'sample1.jpg' }).locator('.thumb img').getAttribute('src');
    assert.match(String(src), /^\/cdn\/f_\w+\?h=400&gravity=center$/, 'a small whole-image rendition, cropped square by CSS');
    fileId = String(await page.locator('#file-grid .card', { hasText: 'sample1.jpg' }).getAttribute('data-id'));
    assert.match(fileId, /^f_/);
    await screenshot(page, 'library');

    await page.fill('#library-search', 'SAMPLE2');
    assert.equal(await page.locator('#file-grid .card').count(), 1, 'search filters by name, case-insensitively');
    await page.fill('#library-search', '');
    assert.equal(await page.locator('#file-grid .card').count(), 2);
  });

  it('shows the API\'s error message for a file that is not an image', async () => {
    await page.setInputFiles('#upload-input', [{ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('plain text, not a PNG') }]);
    const failed = page.locator('.upload-item[data-state="failed"]', { hasText: 'notes.png' });
    await failed.waitFor({ timeout: SLOW_MS });
    const message = String(await failed.locator('.upload-status').textContent());
    assert.ok(message.length > 10 && !/^\d+$/.test(message), `a sentence from {"error":{"message"}}: ${message}`);
    assert.equal(await page.locator('#file-grid .card').count(), 2, 'nothing was added');
  });

  it('uploads a file dropped on the drop zone', async () => {
    // A real drop event carrying a File, built in the page from a render of the first photo.
    const transfer = await page.evaluateHandle(async (id) => {
      const blob = await (await fetch(`/cdn/${id}?w=480&gravity=center&f=jpeg`)).blob();
      const g = globalThis as unknown as { DataTransfer: new () => { items: { add(file: unknown): void } } };
      const data = new g.DataTransfer();
      data.items.add(new File([blob], 'dropped.jpg', { type: 'image/jpeg' }));
      return data;
    }, fileId);
    await page.locator('#drop-zone').dispatchEvent('dragenter', { dataTransfer: transfer });
    assert.match(String(await page.locator('#drop-zone').getAttribute('class')), /dragging/, 'the zone shows it will take the drop');
    await page.locator('#drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
    await page.locator('#file-grid .card', { hasText: 'dropped.jpg' }).waitFor({ timeout: SLOW_MS });
    assert.equal(await page.locator('#file-grid .card').count(), 3);
    assert.doesNotMatch(String(await page.locator('#drop-zone').getAttribute('class')), /dragging/);
  });

  it('is keyboard reachable: Tab visits the upload button, the search, each card and its delete button', async () => {
    await page.locator('#upload-analyze').focus();
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.querySelector(':focus')?.textContent), 'Choose files…', 'the file picker is a real button');
    const reached: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => {
        const el = document.querySelector(':focus');
        return el === null ? '' : `${el.getAttribute('id') ?? ''}|${el.textContent?.trim().slice(0, 30) ?? ''}|${el.getAttribute('aria-label') ?? ''}|${el.getAttribute('href') ?? ''}`;
      }));
    }
    assert.ok(reached.some((r) => r.startsWith('library-search|')), reached.join('\n'));
    assert.ok(reached.some((r) => r.includes(`#/files/${fileId}`)), 'a card link');
    assert.ok(reached.some((r) => r.includes('|Delete sample1.jpg|')), 'its delete button');
    const outline = await page.evaluate(() => {
      const el = document.querySelector(':focus');
      return el === null ? '' : (globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string } }).getComputedStyle(el).outlineStyle;
    });
    assert.notEqual(outline, 'none', 'the focused control shows a focus ring');
    await page.keyboard.press('Shift+Tab');
  });

  it('analyzes on the file page and draws one box per face, the suggested point and crop, and the palette', async () => {
    await page.locator(`#file-grid .card[data-id="${fileId}"] .card-link`).click();
    await page.locator('#analyze-button').waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector('.stage-image');
      return img?.complete === true && (img.naturalWidth ?? 0) > 0;
    }, null, { timeout: SLOW_MS });
    await page.click('#analyze-button');
    await page.waitForFunction(() => document.querySelector('#analyze-button')?.textContent === 'Re-analyze', null, { timeout: SLOW_MS });
    const file = await apiJson<FileJson>(page, `/api/files/${fileId}`);
    const faces = file.analysis?.faces ?? [];
    assert.ok(faces.length >= 1, 'the sample photo has faces');
    assert.equal(await page.locator('svg.overlay rect.face-box').count(), faces.length, 'one SVG rect per detected face');
    const scores = await page.locator('svg.overlay rect.face-box').evaluateAll((rects) => rects.map((rect) => Number(rect.getAttribute('data-score'))));
    assert.deepEqual(scores, faces.map((face) => face.score));
    assert.equal(await page.locator('svg.overlay .suggested-point').count(), 1);
    assert.equal(await page.locator('svg.overlay rect.suggested-crop').count(), 1);
    assert.equal(await page.locator('#face-count').textContent(), String(faces.length));

    const swatches = page.locator('.palette .swatch[data-hex]');
    assert.ok((await swatches.count()) >= 3, 'palette swatches are shown');
    const first = swatches.first();
    const [hex, textColour] = [await first.getAttribute('data-hex'), await first.getAttribute('data-text')];
    assert.ok((await first.textContent())?.includes(String(hex)), 'the hex is written on the swatch');
    const colour = await first.locator('.swatch-hex').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color);
    assert.equal(colour, textColour === '#ffffff' ? 'rgb(255, 255, 255)' : 'rgb(0, 0, 0)', 'the text on the swatch uses bodyTextOnColor');

    for (const gravity of ['focal', 'face', 'faces', 'smart', 'auto']) {
      for (const aspect of ['1:1', '4:5', '16:9', '9:16']) await readyPreview(gravity, aspect, page);
    }
    assert.equal(await page.locator('.preview[data-gravity="face"][data-aspect="1:1"]').getAttribute('data-focus'), 'face');
    await builderRendered(page);
    await screenshot(page, 'file');
  });

  it('drags the focal point: saved (debounced), and the focal 16:9 preview changes', async () => {
    const wide = await readyPreview('focal', '16:9', page);
    const before = { window: await wide.getAttribute('data-window') };
    const box = await page.locator('#stage-frame').boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.3, { steps: 8 });
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.1, { steps: 8 });
    await page.mouse.up();
    const handle = page.locator('#focal-handle');
    assert.ok(Math.abs(Number(await handle.getAttribute('data-x')) - 0.8) < 0.02);
    assert.ok(Math.abs(Number(await handle.getAttribute('data-y')) - 0.1) < 0.02);

    await page.waitForFunction(
      (old) => {
        const el = document.querySelector('.preview-row[data-gravity="focal"] .preview[data-aspect="16:9"]');
        return el?.dataset.state === 'ready' && el.dataset.window !== old && el.dataset.focus === 'focal';
      },
      before.window,
      { timeout: SLOW_MS },
    );
    const file = await apiJson<FileJson>(page, `/api/files/${fileId}`);
    assert.ok(file.focal && Math.abs(file.focal.x - 0.8) < 0.02 && Math.abs(file.focal.y - 0.1) < 0.02, JSON.stringify(file.focal));
    // The CSS crop shows the window the real URL cuts for the saved point.
    const real = await page.request.get(String(await wide.getAttribute('data-url')));
    assert.equal(real.headers()['x-convertly-window'], await wide.getAttribute('data-window'));
    await page.locator('.preview-row[data-gravity="focal"]').scrollIntoViewIfNeeded();
    await page.locator('#stage-frame').scrollIntoViewIfNeeded();
    await screenshot(page, 'file-focal', false);
  });

  it('moves the focal point with the arrow keys and clears it', async () => {
    const handle = page.locator('#focal-handle');
    await handle.focus();
    const startX = Number(await handle.getAttribute('data-x'));
    const startY = Number(await handle.getAttribute('data-y'));
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Shift+ArrowLeft');
    assert.ok(Math.abs(Number(await handle.getAttribute('data-y')) - (startY + 0.05)) < 0.001);
    await page.waitForFunction(
      async ([id, x, y]) => {
        const response = await fetch(`/api/files/${id}`);
        const file = (await response.json()) as FileJson;
        return file.focal !== null && Math.abs(file.focal.x - x) < 0.001 && Math.abs(file.focal.y - y) < 0.001;
      },
      [fileId, Math.max(0, startX - 0.1), startY + 0.05] as const,
      { timeout: SLOW_MS },
    );
    await page.click('#clear-focal');
    await page.waitForFunction(() => document.querySelector('#focal-handle')?.dataset.x === '', null, { timeout: SLOW_MS });
    await page.waitForFunction(
      async (id) => ((await (await fetch(`/api/files/${id}`)).json()) as FileJson).focal === null,
      fileId,
      { timeout: SLOW_MS },
    );
    // Put one back for the URL builder.
    await page.click('#use-suggested');
    await page.waitForFunction(
      async (id) => ((await (await fetch(`/api/files/${id}`)).json()) as FileJson).focal !== null,
      fileId,
      { timeout: SLOW_MS },
    );
  });

  it('creates an API key and a delivery key (token shown once), and revokes the API key', async () => {
    await page.goto(`${web.url}/#/keys`);
    await page.locator('#key-form').waitFor();
    await page.fill('#key-name', 'ci server');
    await page.click('#key-form button[type="submit"]');
    const token = page.locator('#new-token');
    await token.waitFor();
    const apiToken = await token.inputValue();
    assert.match(apiToken, /^cvly_\w{43}$/);
    await page.locator('#token-reveal .copy-button').click();
    assert.equal(await page.evaluate(() => window.navigator.clipboard.readText()), apiToken);
    assert.equal((await fetch(`${web.url}/api/me`, { headers: { authorization: `Bearer ${apiToken}` } })).status, 200);
    await page.locator('#token-reveal button', { hasText: 'Done' }).click();

    await page.check('#key-kind-delivery');
    await page.fill('#key-name', 'storefront');
    await page.click('#key-form button[type="submit"]');
    await page.locator('#token-reveal h2', { hasText: 'storefront' }).waitFor();
    deliveryToken = await page.locator('#new-token').inputValue();
    assert.match(deliveryToken, /^cvdk_\w{43}$/);
    await page.locator('#token-reveal button', { hasText: 'Done' }).click();

    await page.check('#key-kind-delivery');
    await page.fill('#key-name', 'shop only');
    await page.fill('#key-origins', 'https://shop.example.com');
    await page.click('#key-form button[type="submit"]');
    await page.locator('#token-reveal h2', { hasText: 'shop only' }).waitFor();
    await page.locator('#token-reveal button', { hasText: 'Done' }).click();
    const shopRow = page.locator('#keys-table tbody tr', { hasText: 'shop only' });
    await shopRow.waitFor();
    assert.match(String(await shopRow.textContent()), /https:\/\/shop\.example\.com/);
    await screenshot(page, 'keys');

    const row = page.locator('#keys-table tbody tr', { hasText: 'ci server' });
    await row.locator('button', { hasText: 'Revoke' }).click();
    const dialog = page.locator('dialog.confirm-dialog');
    await dialog.waitFor();
    await dialog.locator('button', { hasText: 'Revoke' }).click();
    await page.locator('#keys-table tbody tr[data-revoked="true"]', { hasText: 'ci server' }).waitFor();
    assert.equal(await row.locator('button', { hasText: 'Revoke' }).count(), 0, 'shown as revoked, with nothing left to do');
    assert.equal((await fetch(`${web.url}/api/me`, { headers: { authorization: `Bearer ${apiToken}` } })).status, 401, 'a revoked key stops working');
  });

  it('builds and copies URLs that render: with the delivery key, signed, and plain', async () => {
    await page.goto(`${web.url}/#/files/${fileId}`);
    await page.locator('#url-builder').waitFor();
    await page.fill('#builder-w', '400');
    await page.fill('#builder-h', '300');
    await page.selectOption('#builder-crop', 'gravity:face');
    await page.selectOption('#builder-format', 'webp');
    const deliveryKeyId = deliveryToken.slice(0, 13);
    await page.waitForFunction((id) => Array.from(document.querySelectorAll('#builder-access option')).some((o) => o.getAttribute('value') === id), deliveryKeyId);
    await page.selectOption('#builder-access', deliveryKeyId);
    await page.waitForFunction(() => /key=cvdk_/.test((document.querySelector('#builder-url') as unknown as { value: string }).value));
    await builderTested(page);
    await page.locator('.builder-output .copy-button', { hasText: 'Copy URL' }).click();
    const keyed = await page.evaluate(() => window.navigator.clipboard.readText());
    assert.equal(keyed, await page.inputValue('#builder-url'));
    assert.match(keyed, /\/cdn\/f_\w+\?w=400&h=300&gravity=face&f=webp&key=cvdk_/);
    const rendered = await fetch(keyed); // no cookie: the key alone must do
    assert.equal(rendered.status, 200);
    assert.equal(rendered.headers.get('content-type'), 'image/webp');
    assert.equal(rendered.headers.get('x-convertly-focus'), 'face');
    assert.match(await page.inputValue('#builder-snippet'), /srcset=".*key=cvdk_.* 1x, .*dpr=2.* 2x"/s);

    await page.selectOption('#builder-access', 'signed');
    await page.waitForFunction(() => /[?&]s=[0-9a-f]{64}$/.test((document.querySelector('#builder-url') as unknown as { value: string }).value));
    await page.locator('.builder-output .copy-button', { hasText: 'Copy URL' }).click();
    const signed = await page.evaluate(() => window.navigator.clipboard.readText());
    const signedResponse = await fetch(signed);
    assert.equal(signedResponse.status, 200, signed);
    assert.match(String(signedResponse.headers.get('content-type')), /^image\//);

    await page.check('#snippet-mode-widths');
    // Signing the five candidates takes a round trip: wait for the snippet to be rewritten.
    await page.waitForFunction(() => (document.querySelector('#builder-snippet') as unknown as { value: string }).value.includes(' 800w'));
    const snippet = await page.inputValue('#builder-snippet');
    for (const w of [320, 400, 800]) assert.match(snippet, new RegExp(`w=${w}&amp;h=${w * 0.75}[^ ]*&amp;s=[0-9a-f]{64} ${w}w`));
    assert.match(snippet, /<img src="[^"]*w=400&amp;h=300/, 'the src is the width asked for');
    assert.match(snippet, /sizes="/);

    await page.selectOption('#builder-access', 'plain');
    await page.waitForFunction(() => !/[?&]s=/.test((document.querySelector('#builder-url') as unknown as { value: string }).value));
    const plain = await page.inputValue('#builder-url');
    assert.doesNotMatch(plain, /key=|[?&]s=/);
    assert.ok([401, 404].includes((await fetch(plain)).status), 'a plain URL needs a credential');
    assert.equal((await page.request.get(plain)).status(), 200, 'but renders for the signed-in session');
  });

  it('shows the plan, this month\'s usage and a bar', async () => {
    await page.goto(`${web.url}/#/usage`);
    await page.locator('#usage-panel').waitFor();
    const usage = await apiJson<{ plan: string; used: number; limit: number }>(page, '/api/usage');
    assert.ok(usage.used > 0, 'the analysis and renders were counted');
    assert.equal((await page.locator('#usage-plan').textContent())?.toLowerCase(), usage.plan);
    assert.equal(await page.locator('#usage-limit').textContent(), usage.limit.toLocaleString('en-US'));
    const bar = page.locator('.bar[role="progressbar"]');
    assert.equal(await bar.getAttribute('aria-valuemax'), String(usage.limit));
    assert.ok(Number(await bar.getAttribute('aria-valuenow')) > 0);
    await screenshot(page, 'usage');
  });

  it('is readable at 375 px: no horizontal scroll on the library, file and keys pages', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    for (const [hash, ready, name] of [
      ['#/library', '#file-grid .card', 'library-375'],
      [`#/files/${fileId}`, '.preview[data-state="ready"]', 'file-375'],
      ['#/keys', '#keys-table', 'keys-375'],
    ] as const) {
      await page.goto(`${web.url}/${hash}`);
      await page.locator(ready).first().waitFor({ timeout: SLOW_MS });
      const { scrollWidth, clientWidth } = await noHorizontalScroll(page);
      assert.ok(scrollWidth <= clientWidth, `${hash}: scrollWidth ${scrollWidth} > ${clientWidth}`);
      if (name === 'library-375') {
        await page.waitForFunction(() => Array.from(document.querySelectorAll('#file-grid .thumb img')).every((img) => img.complete === true));
      }
      if (name === 'file-375') {
        await page.waitForFunction(() => Array.from(document.querySelectorAll('.preview')).every((p) => p.dataset.state === 'ready'), null, { timeout: SLOW_MS });
        await builderRendered(page);
      }
      await screenshot(page, name);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('deletes an image after confirmation', async () => {
    await page.goto(`${web.url}/#/library`);
    const card = page.locator('#file-grid .card', { hasText: 'sample2.jpg' });
    await card.waitFor();
    const id = String(await card.getAttribute('data-id'));
    await card.locator('.card-delete').click();
    const dialog = page.locator('dialog.confirm-dialog');
    await dialog.locator('button', { hasText: 'Cancel' }).click();
    assert.equal(await card.count(), 1, 'cancel keeps it');
    await card.locator('.card-delete').click();
    await dialog.locator('button', { hasText: 'Delete' }).click();
    await card.waitFor({ state: 'detached' });
    assert.equal((await page.request.get(`/api/files/${id}`)).status(), 404);
  });

  it('signs out: the cookie is cleared and the sign-in page is back', async () => {
    await page.locator('#account button', { hasText: 'Sign out' }).click();
    await page.locator('#login-email').waitFor();
    assert.equal((await page.request.get('/api/me')).status(), 401);
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  });
});

