import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import sharp from 'sharp';
import { AppError, analyze, close, render, type RenderParams } from '../src/index.js';
import { samplePath } from './fixtures/photos.js';

// The package entry point, as a Node user imports it: `import { render, analyze } from 'convertly'`.
describe('library entry point', () => {
  after(() => close());

  it('renders a face crop from a path with URL-style parameters', async () => {
    const result = await render(samplePath(3), { w: '300', h: '300', gravity: 'face', f: 'webp' });
    assert.equal(result.contentType, 'image/webp');
    const meta = await sharp(result.data).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['webp', 300, 300]);
    assert.equal(result.decision.focus, 'face');
    const best = result.decision.faces[0];
    assert.ok(best, 'a face was found');
    const w = result.decision.window;
    assert.ok(best.x >= w.x && best.x + best.width <= w.x + w.width, 'the best face is inside the window');
  });

  it('draws a watermark given as the mark option; mark= without it is a 400 naming mark', async () => {
    const photo = await sharp(samplePath(2)).resize(400).jpeg().toBuffer();
    const logo = await sharp({ create: { width: 40, height: 20, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 1 } } }).png().toBuffer();
    const result = await render(photo, { w: 200, f: 'png', mark: 'logo', markpos: 'northwest' }, { mark: logo });
    const { data } = await sharp(result.data).extract({ left: 0, top: 0, width: 40, height: 20 }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    assert.ok(data.every((value, i) => (i % 3 === 0 ? value > 250 : value < 5)), 'the red mark covers the top-left corner');
    await assert.rejects(render(photo, { w: 200, mark: 'logo' }), (error) => error instanceof AppError && error.code === 'invalid_parameter' && /mark=/.test(error.message));
  });

  it('analyses bytes and suggests a focal point on a face', async () => {
    const result = await analyze(await sharp(samplePath(3)).toBuffer());
    assert.equal(result.focal.suggested.source, 'face');
    assert.ok(result.faces.length >= 2);
  });

  it('takes numbers, strings, a query string and URLSearchParams alike (issue 12, item 9)', async () => {
    const photo = await sharp(samplePath(2)).resize(400).jpeg().toBuffer();
    const forms = [
      { w: 120, h: 80, f: 'png' },
      { w: '120', h: '80', f: 'png' },
      'w=120&h=80&f=png',
      '?w=120&h=80&f=png',
      new URLSearchParams({ w: '120', h: '80', f: 'png' }),
    ] as const;
    for (const params of forms) {
      const result = await render(photo, params);
      const meta = await sharp(result.data).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height], ['png', 120, 80], String(params));
    }
    const focal = await render(photo, { w: 100, h: 100, fp: [0.25, 0.5], debug: false, f: 'jpeg' });
    assert.equal(focal.decision.focus, 'fp');
    // Typed: a gravity outside the vocabulary does not compile.
    // @ts-expect-error 'sideways' is not a gravity
    const typed: RenderParams = { gravity: 'sideways' };
    assert.ok(typed);
  });

  it('refuses bad values in every form with invalid_parameter naming the parameter', async () => {
    for (const params of [{ w: Number.NaN }, { w: 0 }, 'w=0', new URLSearchParams('w=1&w=2'), { q: 101 }]) {
      await assert.rejects(render(samplePath(1), params), (error: unknown) => error instanceof AppError && error.code === 'invalid_parameter' && /\b(w|q)\b/.test(error.message), String(params));
    }
  });

  it('rejects bad parameters with the one error type', async () => {
    await assert.rejects(render(samplePath(1), { w: '-3' }), (error: unknown) => error instanceof AppError && error.code === 'invalid_parameter');
  });
});
