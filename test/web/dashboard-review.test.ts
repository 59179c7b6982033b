// Issue 18 in real headless Chromium: browsing a file costs at most one operation however often the focal
// point moves; nothing shifts while the picture loads; the previews' CSS crops are the windows the real
// URLs cut; the URL builder refuses invalid input inline; keys, signing secrets, usage history and members;
// and axe-core finds nothing serious or critical on any page, light and dark, at 1280 and 375 px.
// Screenshots of every page, theme and width go to test-artifacts/screenshots/review-*.png.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, watchPageErrors } from './helpers/browser.js';
import { startWebServer, type WebServer } from './helpers/web-server.js';
import { sampleBytes } from '../fixtures/photos.js';

declare const document: {
  querySelector(selector: string): DomBox | null;
  querySelectorAll(selector: string): ArrayLike<DomBox>;
  readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
};
declare const window: { __layoutShift: number; __shifts: string[]; axe: { run(context: unknown, options: unknown): Promise<AxeResults> } };
declare const PerformanceObserver: new (callback: (list: {
  getEntries(): { value: number; hadRecentInput: boolean; sources?: { node?: { nodeName: string; id?: string; className?: unknown } | null }[] }[];
}) => void) => {
  observe(options: { type: string; buffered: boolean }): void;
};

interface DomBox {
  readonly dataset: Record<string, string | undefined>;
  readonly textContent: string | null;
  getBoundingClientRect(): { x: number; y: number; width: number; height: number };
  querySelector(selector: string): DomBox | null;
}
interface AxeResults {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
}

const SLOW_MS = 240_000;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

function parseFirstRun(text: string): { email: string; password: string } {
  const email = /Login\s+(\S+)/.exec(text)?.[1];
  const password = /Password\s+(\S+)/.exec(text)?.[1];
  assert.ok(email && password, `no credentials in the first-run banner:\n${text}`);
  return { email, password };
}

async function used(page: Page): Promise<number> {
  return ((await (await page.request.get('/api/usage')).json()) as { used: number }).used;
}

/** axe-core, injected into the page (the page's CSP refuses inline scripts; evaluation is not a script tag). */
async function seriousAxeFindings(page: Page): Promise<string[]> {
  const has = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!has) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

async function filePageReady(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('#stage-frame')?.dataset.state === 'ready', null, { timeout: SLOW_MS });
  await page.waitForFunction(() => Array.from(document.querySelectorAll('.preview')).every((p) => p.dataset.state === 'ready'), null, { timeout: SLOW_MS });
  await page.waitForFunction(() => document.querySelector('#builder-status')?.dataset.state === 'ok', null, { timeout: SLOW_MS });
}

describe('dashboard review fixes (issue 18)', { timeout: 20 * 60_000 }, () => {
  let web: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let fileId = '';

  before(async () => {
    let banner = '';
    web = await startWebServer({ announce: (text) => (banner = text) });
    const admin = parseFirstRun(banner);
    browser = await launchBrowser();
    context = await browser.newContext({ baseURL: web.url, locale: 'en-US', viewport: { width: 1280, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
    context.setDefaultTimeout(120_000);
    // Sums every layout shift not caused by input, from the first paint of every page load.
    await context.addInitScript(() => {
      window.__layoutShift = 0;
      window.__shifts = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          if (entry.hadRecentInput) continue;
          window.__layoutShift += entry.value;
          // What moved, for the failure message.
          const nodes = (entry.sources ?? []).map((source) => `${source.node?.nodeName ?? '?'}#${source.node?.id ?? ''}.${String(source.node?.className ?? '')}`);
          window.__shifts.push(`${entry.value.toFixed(4)}: ${nodes.join(', ')}`);
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    page = await context.newPage();
    pageErrors = watchPageErrors(page);
    const login = await page.request.post('/api/auth/login', { data: admin, headers: { origin: web.url } });
    assert.equal(login.status(), 200);
    const upload = await page.request.post('/api/files?analyze=1', {
      headers: { origin: web.url },
      multipart: { file: { name: 'group.jpg', mimeType: 'image/jpeg', buffer: sampleBytes(1) } },
    });
    assert.equal(upload.status(), 201, await upload.text());
    fileId = ((await upload.json()) as { id: string }).id;
  });

  after(async () => {
    await browser?.close();
    await web?.close();
  });

  it('opening a file and dragging the focal point five times costs at most one operation, with no layout shift', async (t) => {
    const before = await used(page);
    await page.goto(`/#/files/${fileId}`);
    const frame = page.locator('#stage-frame');
    await frame.waitFor();
    const reserved = await frame.boundingBox();
    await filePageReady(page);
    assert.equal(await page.evaluate(() => window.__layoutShift), 0, `nothing moved while the picture and previews loaded: ${await page.evaluate(() => window.__shifts.join('; '))}`);
    assert.deepEqual(await frame.boundingBox(), reserved, 'the box was the picture\'s size before it arrived');
    assert.ok(reserved && reserved.height > 300, `a real box, reserved: ${JSON.stringify(reserved)}`);

    const wide = page.locator('.preview-row[data-gravity="focal"] .preview[data-aspect="16:9"]');
    let version = 0;
    for (let i = 0; i < 5; i++) {
      const box = await frame.boundingBox();
      assert.ok(box);
      await page.mouse.move(box.x + box.width * (0.2 + i * 0.15), box.y + box.height * 0.5);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * (0.25 + i * 0.15), box.y + box.height * (0.3 + i * 0.1), { steps: 5 });
      await page.mouse.up();
      // Each drag is saved (the file's version moves on) before the next.
      await page.waitForFunction(async ([id, old]) => ((await (await fetch(`/api/files/${id}`)).json()) as { version: number }).version > old, [fileId, version] as const, { timeout: SLOW_MS });
      version = ((await (await page.request.get(`/api/files/${fileId}`)).json()) as { version: number }).version;
    }
    const file = (await (await page.request.get(`/api/files/${fileId}`)).json()) as { focal: { x: number; y: number } };
    await page.waitForFunction(() => document.querySelector('.preview-row[data-gravity="focal"] .preview[data-aspect="16:9"]')?.dataset.focus === 'focal', null, { timeout: SLOW_MS });
    // Every preview planned for the last drag's version, not one still showing an earlier point.
    await page.waitForFunction((last) => Array.from(document.querySelectorAll('.preview')).every((p) => p.dataset.version === String(last)), version, { timeout: SLOW_MS });
    await filePageReady(page);
    const spent = (await used(page)) - before;
    t.diagnostic(`operations spent opening the file and dragging five times: ${spent}; layout shift while loading: 0`);
    assert.ok(spent <= 1, `opening the file and five focal drags cost ${spent} operations`);
    assert.ok(file.focal.x > 0.7, JSON.stringify(file.focal));
    assert.ok(await wide.getAttribute('data-window'));
  });

  it('every preview shows exactly the window its real URL cuts (X-Convertly-Window), by CSS', async () => {
    const cells = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.preview')).map((cell) => {
        const view = cell.querySelector('.crop-view')!.getBoundingClientRect();
        const canvas = cell.querySelector('.crop-canvas')!.getBoundingClientRect();
        return { url: cell.dataset.url!, window: cell.dataset.window!, view, canvas, gravity: cell.dataset.gravity!, aspect: cell.dataset.aspect! };
      }),
    );
    assert.equal(cells.length, 20);
    const file = (await (await page.request.get(`/api/files/${fileId}`)).json()) as { width: number; height: number };
    for (const cell of cells) {
      const real = await page.request.get(cell.url);
      assert.equal(real.status(), 200, cell.url);
      assert.equal(real.headers()['x-convertly-window'], cell.window, `${cell.gravity} ${cell.aspect}`);
      // The drawn image is placed so that the window fills the box: its left edge is x source pixels to the left.
      const [x, y, w, h] = cell.window.split(',').map(Number) as [number, number, number, number];
      const scale = cell.view.width / w;
      assert.ok(Math.abs(cell.view.height - h * scale) < 1.5, `${cell.gravity} ${cell.aspect}: box of the window's aspect`);
      assert.ok(Math.abs(cell.canvas.x - (cell.view.x - x * scale)) < 1.5, `${cell.gravity} ${cell.aspect}: x`);
      assert.ok(Math.abs(cell.canvas.y - (cell.view.y - y * scale)) < 1.5, `${cell.gravity} ${cell.aspect}: y`);
      assert.ok(Math.abs(cell.canvas.width - file.width * scale) < 1.5, `${cell.gravity} ${cell.aspect}: width`);
      // Large enough to judge at 1280 px.
      assert.ok(Math.max(cell.view.width, cell.view.height) >= 240, `${cell.gravity} ${cell.aspect}: ${cell.view.width}×${cell.view.height}`);
    }
  });

  it('marks crops that cut a face and switches the URL builder to gravity=faces in one click', async () => {
    assert.ok(Number(await page.locator('.preview[data-gravity="face"][data-aspect="1:1"]').getAttribute('data-cuts')) > 0, 'sample1 is a group photo');
    await page.waitForFunction(() => Number(document.querySelector('#faces-hint')?.dataset.cutting) > 0);
    await page.click('#use-faces');
    assert.equal(await page.inputValue('#builder-crop'), 'gravity:faces');
    await page.waitForFunction(() => /focus faces/.test(document.querySelector('#builder-status')?.textContent ?? ''), null, { timeout: SLOW_MS });
    assert.match(await page.inputValue('#builder-url'), /gravity=faces/);
  });

  it('the URL builder: invalid input is an inline error with no signing and no snippet; exact widths; the negotiated format', async () => {
    const signs: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/sign')) signs.push(request.url());
    });
    await page.selectOption('#builder-access', 'signed');
    await page.waitForFunction(() => /[?&]s=[0-9a-f]{64}/.test((document.querySelector('#builder-url') as unknown as { value: string }).value));
    signs.length = 0;
    await page.fill('#builder-w', '99999');
    const error = page.locator('#builder-error');
    await error.waitFor({ state: 'visible' });
    assert.match(String(await error.textContent()), /8192.*w|w.*8192/);
    assert.equal(await page.getAttribute('#builder-w', 'aria-invalid'), 'true');
    assert.equal(await page.inputValue('#builder-url'), '', 'no URL');
    assert.equal(await page.inputValue('#builder-snippet'), '', 'no snippet');
    assert.ok(await page.locator('.builder-output .copy-button').first().isDisabled());
    assert.deepEqual(signs, [], 'nothing was signed');
    const colour = await error.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string; fontSize: string } }).getComputedStyle(el));
    assert.notEqual(colour.color, 'rgb(91, 100, 114)', 'not the muted grey');

    await page.selectOption('#builder-access', 'plain');
    await page.fill('#builder-w', '600');
    await page.fill('#builder-h', '400');
    await page.check('#snippet-mode-widths');
    await page.waitForFunction(() => (document.querySelector('#builder-snippet') as unknown as { value: string }).value.includes(' 600w'));
    const snippet = await page.inputValue('#builder-snippet');
    assert.match(snippet, /<img src="[^"]*w=600&amp;h=400/);
    assert.doesNotMatch(snippet, /w=640/);
    assert.match(snippet, /w=1200&amp;h=800[^ ]* 1200w/);
    assert.equal(await page.getAttribute('#builder-w', 'aria-invalid'), null);
    await page.selectOption('#builder-format', 'auto');
    await page.waitForFunction(() => document.querySelector('#builder-status')?.dataset.format === 'avif', null, { timeout: SLOW_MS });
    assert.match(String(await page.locator('#builder-status').textContent()), /^image\/avif/);
    const font = await page.locator('#builder-url').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { fontFamily: string; whiteSpace: string } }).getComputedStyle(el));
    assert.match(font.fontFamily, /mono/i);
    assert.equal(font.whiteSpace, 'pre-wrap');
  });

  it('keys: last use, revoked keys shown as revoked, signing secrets created and rotated', async () => {
    await page.goto('/#/keys');
    await page.fill('#key-name', 'build server');
    await page.click('#key-form button[type="submit"]');
    const token = await page.locator('#new-token').inputValue();
    assert.match(token, /^cvly_\w{43}$/);
    const font = await page.locator('#new-token').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { fontFamily: string } }).getComputedStyle(el).fontFamily);
    assert.match(font, /mono/i, 'the one-time token is in a monospace font');
    assert.equal((await fetch(`${web.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status, 200);
    await page.locator('#token-reveal button', { hasText: 'Done' }).click();
    const row = page.locator('#keys-table tbody tr', { hasText: 'build server' });
    await row.locator('button', { hasText: 'Revoke' }).click();
    await page.locator('dialog.confirm-dialog button', { hasText: 'Revoke' }).click();
    const revoked = page.locator('#keys-table tbody tr[data-revoked="true"]', { hasText: 'build server' });
    await revoked.waitFor();
    assert.match(String(await revoked.textContent()), /Revoked/);
    assert.doesNotMatch(String(await revoked.locator('td[data-label="Last used"]').textContent()), /never/, 'it was used once');

    await page.click('#create-secret');
    const secret = await page.locator('#new-secret').inputValue();
    assert.match(secret, /^cvss_\w+$/);
    await page.click('#create-secret');
    await page.waitForFunction((first) => (document.querySelector('#new-secret') as unknown as { value: string } | null)?.value !== first, secret);
    const states = await page.locator('#secret-list li.secret').evaluateAll((items) => items.map((item) => (item as unknown as DomBox).dataset.state));
    assert.deepEqual(states.slice(0, 2), ['signing', 'valid'], 'the newest signs; the older one still verifies');
  });

  it('usage: a 30-day history by kind with the plan limit drawn', async () => {
    await page.goto('/#/usage');
    await page.locator('#usage-chart').waitFor();
    assert.equal(await page.locator('#usage-chart rect.bar-analyze').count(), 30);
    const limitLine = page.locator('#usage-limit-line');
    assert.ok(Number(await limitLine.getAttribute('data-per-day')) > 0);
    const today = new Date().toISOString().slice(0, 10);
    const cells = await page.locator(`#usage-days tr[data-day="${today}"] td`).allTextContents();
    assert.equal(cells[1], '1', 'one analysis today');
    assert.ok(Number(cells[2]) >= 1, 'and the render misses');
  });

  it('members: an owner adds one (password shown once), changes the role and removes them', async () => {
    await page.goto('/#/members');
    await page.fill('#member-email', 'designer@example.com');
    await page.click('#member-form button[type="submit"]');
    const password = await page.locator('#member-password').inputValue();
    assert.match(password, /^[0-9A-Za-z]{17}$/);
    const row = page.locator('#members-table tbody tr', { hasText: 'designer@example.com' });
    await row.waitFor();
    assert.equal(await row.getAttribute('data-role'), 'member');

    // The member's own view: they may look, not manage.
    const member = await browser.newContext({ baseURL: web.url, viewport: { width: 1280, height: 900 } });
    const memberPage = await member.newPage();
    assert.equal((await memberPage.request.post('/api/auth/login', { data: { email: 'designer@example.com', password }, headers: { origin: web.url } })).status(), 200);
    await memberPage.goto('/#/members');
    await memberPage.locator('#member-form .notice', { hasText: 'Only owners' }).waitFor();
    assert.ok(await memberPage.locator('#member-email').isDisabled());
    assert.equal((await memberPage.request.post('/api/keys', { data: { kind: 'api' }, headers: { origin: web.url } })).status(), 403, 'and the API agrees');

    await row.locator('select').selectOption('owner');
    await page.locator('#members-table tbody tr[data-role="owner"]', { hasText: 'designer@example.com' }).waitFor();
    await page.locator('#members-table tbody tr', { hasText: 'designer@example.com' }).locator('button', { hasText: 'Remove' }).click();
    await page.locator('dialog.confirm-dialog button', { hasText: 'Remove' }).click();
    await page.locator('#members-table tbody tr', { hasText: 'designer@example.com' }).waitFor({ state: 'detached' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal((await memberPage.request.get('/api/files')).status(), 401, 'a removed member is signed out');
    await member.close();
  });

  it('axe finds nothing serious or critical on any page, light and dark, at 1280 and 375 px (screenshots)', async () => {
    const findings: string[] = [];
    const pages = [
      ['library', '#/library', '#file-grid .thumb[data-state="ready"]'],
      ['file', `#/files/${fileId}`, '#builder-status[data-state="ok"]'],
      ['keys', '#/keys', '#secret-list li'],
      ['usage', '#/usage', '#usage-chart'],
      ['members', '#/members', '#members-table tbody tr'],
    ] as const;
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
      for (const [name, hash, ready] of pages) {
        await page.goto(`/${hash}`);
        await page.locator(ready).first().waitFor({ timeout: SLOW_MS });
        if (name === 'file') await filePageReady(page);
        for (const scheme of ['light', 'dark'] as const) {
          // Reduced motion: the page drops its transitions, so axe never measures a colour half-way through one.
          await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
          for (const finding of await seriousAxeFindings(page)) findings.push(`${name} ${width}px ${scheme}: ${finding}`);
          await screenshot(page, `review-${name}-${width}-${scheme}`);
        }
        const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
        assert.ok(scrollWidth <= clientWidth, `${name} at ${width}px scrolls sideways: ${scrollWidth} > ${clientWidth}`);
        if (name === 'file' && width === 375) {
          // Stacked, each crop the full width of its row.
          const boxes = await page.evaluate(() => Array.from(document.querySelectorAll('.preview-row[data-gravity="face"] .crop-view')).map((el) => el.getBoundingClientRect()));
          const widths = new Set(boxes.map((b) => Math.round(b.width)));
          assert.equal(widths.size, 1, `one width: ${[...widths].join(', ')}`);
          assert.ok(boxes.every((b, i) => i === 0 || b.y > boxes[i - 1]!.y), 'one above the other');
          assert.ok([...widths][0]! > 300, 'full width');
          const label = await page.locator('svg.overlay .face-score').first().boundingBox();
          assert.ok(label && label.height >= 10, `face labels are readable: ${label?.height}px`);
          const who = await page.locator('#account .who').evaluate((el) => ({ scroll: (el as unknown as { scrollWidth: number }).scrollWidth, client: (el as unknown as { clientWidth: number }).clientWidth }));
          assert.ok(who.scroll <= who.client, 'the e-mail is not cut off');
        }
      }
      await page.emulateMedia({ colorScheme: 'light' });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    // The sign-in page, in a browser with no session.
    const visitor = await browser.newContext({ baseURL: web.url, locale: 'en-US' });
    const signIn = await visitor.newPage();
    for (const width of [1280, 375]) {
      await signIn.setViewportSize({ width, height: 812 });
      await signIn.goto('/');
      await signIn.locator('#login-email').waitFor();
      for (const scheme of ['light', 'dark'] as const) {
        await signIn.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        for (const finding of await seriousAxeFindings(signIn)) findings.push(`login ${width}px ${scheme}: ${finding}`);
        await screenshot(signIn, `review-login-${width}-${scheme}`);
      }
    }
    await visitor.close();
    assert.deepEqual(findings, []);
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  });
});
