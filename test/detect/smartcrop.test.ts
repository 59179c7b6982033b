import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { detectSmartCrop, smartFocus } from '../../src/detect/smartcrop.js';
import { containsRect, rectCentre, type Rect } from '../../src/geometry/types.js';
import { noisePixels, patchPixels, photoPixels, rawPixels, withAlpha } from '../fixtures/raw-pixels.js';
import { SAMPLE_PATHS } from '../fixtures/photos.js';

function assertInside(window: Rect, size: { width: number; height: number }): void {
  assert.ok(Number.isInteger(window.x) && Number.isInteger(window.y), JSON.stringify(window));
  assert.ok(containsRect({ x: 0, y: 0, ...size }, window), JSON.stringify(window));
}

describe('detectSmartCrop', () => {
  it('puts the window over a bright saturated object on a plain background', async () => {
    const cases = [
      { object: { left: 190, top: 60, width: 40, height: 40 }, target: { width: 1, height: 1 } },
      { object: { left: 15, top: 90, width: 36, height: 36 }, target: { width: 1, height: 2 } },
      { object: { left: 120, top: 10, width: 30, height: 30 }, target: { width: 9, height: 16 } },
    ];
    for (const [index, { object, target }] of cases.entries()) {
      const colour = index % 2 === 0 ? '#ff2a2a' : '#22cc44';
      const pixels = await patchPixels({ width: 256, height: 171 }, '#d8d8d8', [{ ...object, colour }]);
      const crop = detectSmartCrop(pixels, target);
      assert.ok(crop !== null);
      assert.ok(containsRect(crop.window, { x: object.left, y: object.top, width: object.width, height: object.height }), JSON.stringify(crop.window));
      assert.ok(crop.confidence >= 0.7, `confidence ${crop.confidence}`);
    }
  });

  it('keeps a face-like skin region and is confident about it', async () => {
    const face = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="80"><ellipse cx="30" cy="40" rx="28" ry="38" fill="#e0ac8c"/>' +
        '<circle cx="20" cy="32" r="4" fill="#302020"/><circle cx="40" cy="32" r="4" fill="#302020"/><rect x="20" y="56" width="20" height="4" fill="#a04040"/></svg>',
    );
    const flat = await sharp({ create: { width: 256, height: 171, channels: 3, background: '#d0d0d0' } }).composite([{ input: face, left: 175, top: 45 }]).png().toBuffer();
    const crop = detectSmartCrop(await rawPixels(sharp(flat)), { width: 1, height: 1 });
    assert.ok(crop !== null);
    assert.ok(containsRect(crop.window, { x: 175, y: 45, width: 60, height: 80 }), JSON.stringify(crop.window));
    assert.ok(crop.confidence >= 0.7, `confidence ${crop.confidence}`);
    assert.ok(crop.score.skin > 0);
  });

  it('is confident on the real photos, with windows of the target aspect inside the image', async () => {
    for (const path of SAMPLE_PATHS) {
      const pixels = await photoPixels(path);
      const square = detectSmartCrop(pixels, { width: 1, height: 1 });
      assert.ok(square !== null);
      assert.ok(square.confidence >= 0.5, `${path}: ${square.confidence}`);
      assert.equal(square.window.width, Math.min(pixels.width, pixels.height));
      for (const target of [{ width: 16, height: 9 }, { width: 2, height: 3 }, { width: 1200, height: 300 }]) {
        const crop = detectSmartCrop(pixels, target);
        assert.ok(crop !== null);
        assertInside(crop.window, pixels);
        const aspect = crop.window.width / crop.window.height;
        assert.ok(Math.abs(aspect - target.width / target.height) / aspect < 0.05, `${path} ${JSON.stringify(crop.window)}`);
      }
    }
  });

  it('has low confidence on single colours, noise and tiny images', async () => {
    const flat = [];
    for (const colour of ['#808080', '#ffffff', '#000000', '#ff0000', '#3366cc']) flat.push(await patchPixels({ width: 256, height: 171 }, colour));
    const tiny = [await patchPixels({ width: 8, height: 8 }, '#808080'), noisePixels(8, 8), await rawPixels(sharp(SAMPLE_PATHS[0]).resize(8, 8, { fit: 'fill' }))];
    for (const pixels of [...flat, noisePixels(256, 171), noisePixels(400, 300, 7), noisePixels(64, 64), ...tiny]) {
      const crop = detectSmartCrop(pixels, { width: 1, height: 1 });
      assert.ok(crop !== null);
      assertInside(crop.window, pixels);
      assert.ok(crop.confidence < 0.3, `${pixels.width}×${pixels.height}: ${crop.confidence}`);
    }
    for (const pixels of flat) assert.ok(detectSmartCrop(pixels, { width: 1, height: 1 })!.confidence < 0.05);
  });

  it('is not fooled by JPEG artefacts on a gradient or by blurred noise', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="171"><defs><linearGradient id="g"><stop offset="0" stop-color="#204080"/>' +
        '<stop offset="1" stop-color="#e0c0a0"/></linearGradient></defs><rect width="256" height="171" fill="url(#g)"/></svg>',
    );
    const noise = noisePixels(256, 171);
    const inputs = [
      await rawPixels(sharp(await sharp(svg).jpeg({ quality: 30 }).toBuffer())),
      await rawPixels(sharp(Buffer.from(noise.data), { raw: { width: 256, height: 171, channels: 3 } }).blur(2)),
    ];
    for (const pixels of inputs) assert.ok(detectSmartCrop(pixels, { width: 1, height: 1 })!.confidence < 0.3);
  });

  it('returns null when there is nothing to score', async () => {
    assert.equal(detectSmartCrop(noisePixels(7, 7), { width: 1, height: 1 }), null);
    assert.equal(detectSmartCrop(noisePixels(1, 1), { width: 1, height: 1 }), null);
    assert.equal(detectSmartCrop(noisePixels(300, 4), { width: 1, height: 1 }), null);
    assert.equal(detectSmartCrop(await photoPixels(SAMPLE_PATHS[0]!), { width: 1, height: 1000 }), null);
  });

  it('refuses a target without a positive size', () => {
    for (const target of [{ width: 0, height: 1 }, { width: 1, height: -2 }, { width: Number.NaN, height: 1 }, { width: Infinity, height: 1 }]) {
      assert.throws(() => detectSmartCrop(noisePixels(16, 16), target), { code: 'invalid_parameter' });
    }
  });

  it('gives the same answer for RGB and RGBA input, synchronously and repeatably', async () => {
    const rgb = await photoPixels(SAMPLE_PATHS[3]!);
    const first = detectSmartCrop(rgb, { width: 4, height: 5 });
    assert.ok(first !== null && !(first instanceof Promise));
    assert.deepEqual(detectSmartCrop(withAlpha(rgb), { width: 4, height: 5 }), first);
    assert.deepEqual(detectSmartCrop(rgb, { width: 4, height: 5 }), first);
    assert.deepEqual(JSON.parse(JSON.stringify(first)), first);
  });
});

describe('smartFocus', () => {
  it('is the normalised centre of the best square window', async () => {
    const pixels = await photoPixels(SAMPLE_PATHS[0]!);
    const focus = smartFocus(pixels);
    const square = detectSmartCrop(pixels, { width: 1, height: 1 });
    assert.ok(focus !== null && square !== null);
    assert.deepEqual(focus.window, square.window);
    assert.equal(focus.confidence, square.confidence);
    const centre = rectCentre(square.window);
    assert.ok(Math.abs(focus.x - centre.x / pixels.width) < 1e-4 && Math.abs(focus.y - centre.y / pixels.height) < 1e-4);
  });

  it('leans towards the object', async () => {
    const pixels = await patchPixels({ width: 256, height: 171 }, '#d8d8d8', [{ left: 200, top: 60, width: 40, height: 40, colour: '#1e90ff' }]);
    const focus = smartFocus(pixels);
    assert.ok(focus !== null && focus.x > 0.6, JSON.stringify(focus));
    assert.equal(smartFocus(noisePixels(5, 5)), null);
  });
});
