import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { thumbHashToApproximateAspectRatio, thumbHashToRGBA } from 'thumbhash';
import type { RawPixels } from '../../src/detect/pixels.js';
import { encodePlaceholder, placeholderSize } from '../../src/detect/placeholder.js';
import { averageColour, noisePixels, patchPixels, photoPixels, rgbDistance, withAlpha } from '../fixtures/raw-pixels.js';
import { SAMPLE_PATHS } from '../fixtures/photos.js';

function decode(hash: string): { w: number; h: number; rgba: Uint8Array } {
  return thumbHashToRGBA(Buffer.from(hash, 'base64'));
}

describe('encodePlaceholder', () => {
  it('decodes back to an image of about the same average colour and aspect', async () => {
    const inputs: RawPixels[] = [
      ...(await Promise.all(SAMPLE_PATHS.map((path) => photoPixels(path, 400)))),
      await patchPixels({ width: 300, height: 200 }, '#3366cc'),
      await patchPixels({ width: 120, height: 240 }, '#f5cba7', [{ left: 0, top: 0, width: 120, height: 80, colour: '#1e5631' }]),
    ];
    for (const pixels of inputs) {
      const hash = encodePlaceholder(pixels);
      assert.match(hash, /^[A-Za-z0-9+/]+={0,2}$/);
      assert.ok(hash.length <= 40, hash);
      const decoded = decode(hash);
      const distance = rgbDistance(averageColour({ data: decoded.rgba, channels: 4 }), averageColour(pixels));
      assert.ok(distance < 12, `${pixels.width}×${pixels.height}: average colour off by ${distance.toFixed(1)}`);
      const aspect = thumbHashToApproximateAspectRatio(Buffer.from(hash, 'base64'));
      assert.ok(Math.abs(Math.log(aspect / (pixels.width / pixels.height))) < 0.15, `aspect ${aspect}`);
    }
  });

  it('keeps transparency', async () => {
    const pixels = await patchPixels({ width: 80, height: 80 }, '#00000000', [{ left: 20, top: 20, width: 40, height: 40, colour: '#ff0000' }], 4);
    const decoded = decode(encodePlaceholder(pixels));
    const alphas = decoded.rgba.filter((_, i) => i % 4 === 3);
    assert.ok(Math.min(...alphas) < 128 && Math.max(...alphas) > 128);
  });

  it('accepts any size, shrinking to fit 100×100', () => {
    for (const [width, height] of [[1, 1], [8, 8], [100, 100], [101, 3], [2000, 10], [7, 640]] as const) {
      const size = placeholderSize({ width, height });
      assert.ok(size.width >= 1 && size.height >= 1 && size.width <= 100 && size.height <= 100);
      const hash = encodePlaceholder(noisePixels(width, height));
      assert.ok(decode(hash).w > 0);
    }
    assert.deepEqual(placeholderSize({ width: 400, height: 267 }), { width: 100, height: 67 });
    assert.deepEqual(placeholderSize({ width: 64, height: 48 }), { width: 64, height: 48 });
  });

  it('gives the same hash for RGB and RGBA input, and for repeated runs', async () => {
    const rgb = await photoPixels(SAMPLE_PATHS[4]!, 400);
    const hash = encodePlaceholder(rgb);
    assert.equal(encodePlaceholder(withAlpha(rgb)), hash);
    assert.equal(encodePlaceholder(rgb), hash);
  });

  it('refuses a buffer that does not match its size', () => {
    assert.throws(() => encodePlaceholder({ data: new Uint8Array(10), width: 2, height: 2, channels: 3 }), { code: 'internal_error' });
  });
});
