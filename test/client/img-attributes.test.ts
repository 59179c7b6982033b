// imgAttributes and buildSignedUrl against the real server; the browser entries bundled for a browser.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { buildSignedUrl, buildUrl, imgAttributes, thumbHashDataUrl } from '../../src/client/index.js';
import { renderedSize, srcsetCandidates, startPageFixture, type PageFixture } from './client-server.js';

describe('imgAttributes and buildSignedUrl on the real server', () => {
  let page: PageFixture;
  before(async () => {
    page = await startPageFixture();
  });
  after(() => page.server.close());

  it('a fixed crop: width, height, placeholder from the analysis, and 1x/2x that render at 1× and 2× the size', async () => {
    const attributes = imgAttributes({
      base: page.server.url,
      file: page.fileId,
      params: { w: 300, h: 200, gravity: 'face', key: page.deliveryKey },
      analysis: page.analysis,
    });
    assert.equal(attributes.width, 300);
    assert.equal(attributes.height, 200);
    assert.equal(attributes.sizes, undefined);
    assert.equal(attributes.placeholder, thumbHashDataUrl(page.analysis.placeholder));
    assert.match(attributes.placeholder!, /^data:image\/png;base64,/);
    const candidates = srcsetCandidates(attributes.srcset);
    assert.deepEqual(candidates.map((c) => c.descriptor), ['1x', '2x']);
    assert.deepEqual(await renderedSize(attributes.src).then((s) => [s.width, s.height]), [300, 200]);
    assert.deepEqual(await renderedSize(candidates[1]!.url).then((s) => [s.width, s.height]), [600, 400]);
  });

  it('a fluid image: sizes kept, each width descriptor rendered at that width; height from the source aspect', async () => {
    const attributes = imgAttributes({
      base: page.server.url,
      file: page.fileId,
      params: { w: 640, key: page.deliveryKey },
      sizes: '(max-width: 640px) 100vw, 640px',
      widths: [320, 640, 1280],
      analysis: page.analysis,
    });
    assert.equal(attributes.sizes, '(max-width: 640px) 100vw, 640px');
    assert.equal(attributes.width, 640);
    assert.equal(attributes.height, Math.round((640 * page.analysis.height) / page.analysis.width));
    for (const { url, descriptor } of srcsetCandidates(attributes.srcset)) {
      assert.equal(`${(await renderedSize(url)).width}w`, descriptor);
    }
    assert.equal((await renderedSize(attributes.src)).width, 1280);
  });

  it('without an analysis: no placeholder, and no size it cannot know', () => {
    const attributes = imgAttributes({ base: '', file: 'f_abc', params: { w: 400 } });
    assert.deepEqual(Object.keys(attributes).sort(), ['src', 'srcset', 'width']);
    const inside = imgAttributes({ base: '', file: 'f_abc', params: { w: 400, h: 400, fit: 'inside' }, analysis: { width: 2000, height: 1000 } });
    assert.deepEqual([inside.width, inside.height, inside.placeholder], [400, 200, undefined]);
  });

  it('buildSignedUrl: renders for anyone with no key; a changed parameter is refused', async () => {
    const secretResponse = await page.server.fetch('/api/workspace/signing-secrets', { method: 'POST' });
    assert.equal(secretResponse.status, 201);
    const { secret } = (await secretResponse.json()) as { secret: string };
    const url = buildSignedUrl(page.server.url, page.fileId, { w: 240, h: 240, gravity: 'face' }, secret, { expiresAt: new Date(Date.now() + 600_000) });
    assert.match(url, /&expires=\d+&s=[0-9a-f]{64}$/);
    assert.deepEqual(await renderedSize(url).then((s) => [s.width, s.height]), [240, 240]);
    const tampered = await fetch(url.replace('w=240', 'w=241'));
    assert.equal(tampered.status, 403);
    assert.equal(((await tampered.json()) as { error: { code: string } }).error.code, 'invalid_signature');
    // buildUrl on a signed URL drops the signature rather than keep one that no longer matches.
    assert.doesNotMatch(buildUrl('', url, { w: 100 }), /[?&]s=/);
  });
});

describe('the browser entries', () => {
  for (const entry of ['browser', 'next', 'nuxt']) {
    it(`src/client/${entry}.ts bundles for a browser with no Node built-in and no package`, async () => {
      const result = await build({
        entryPoints: [new URL(`../../src/client/${entry}.ts`, import.meta.url).pathname],
        bundle: true,
        platform: 'browser',
        format: 'esm',
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      const inputs = Object.keys(result.metafile.inputs);
      assert.ok(inputs.every((path) => path.startsWith('src/client/')), inputs.join(', '));
      assert.doesNotMatch(result.outputFiles[0]!.text, /node:crypto/);
    });
  }
});
