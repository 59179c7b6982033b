import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { loadPreview, previewSize, shrinkPreview } from '../../src/engine/preview.js';
import { probeImage } from '../../src/engine/source-info.js';
import { samplePath } from '../fixtures/photos.js';

const limits = { maxInputPixels: 1e8 };

describe('shrinkPreview (the coarse preview of analyze, from the fine one)', () => {
  it('gives the size loadPreview would, with pixels closer to a direct decode at that size than a linear resample gets', async () => {
    for (const n of [1, 6]) {
      const input = readFileSync(samplePath(n));
      const source = await probeImage(input, limits);
      const fine = await loadPreview(input, source, { maxSide: 896, channels: 3, limits });
      const size = previewSize(source, 448);
      const shrunk = await shrinkPreview(fine, size);
      const direct = await loadPreview(input, source, { maxSide: 448, channels: 3, limits });
      assert.deepEqual({ width: shrunk.width, height: shrunk.height, channels: shrunk.channels }, { width: direct.width, height: direct.height, channels: 3 });
      // A linear resample lost two of bench:quality's 33 small faces: shrinkPreview must be the sharper kernel.
      const linear = await sharp(fine.data, { raw: { width: fine.width, height: fine.height, channels: 3 } }).resize(size.width, size.height, { fit: 'fill', kernel: 'linear' }).raw().toBuffer();
      const meanDifference = (pixels: Uint8Array) => {
        let sum = 0;
        for (let i = 0; i < direct.data.length; i++) sum += Math.abs(pixels[i]! - direct.data[i]!);
        return sum / direct.data.length;
      };
      const mean = meanDifference(shrunk.data);
      const linearMean = meanDifference(linear);
      assert.ok(mean < 2 && mean < 0.7 * linearMean, `sample${n}: mean difference ${mean.toFixed(2)} levels, linear ${linearMean.toFixed(2)}`);
    }
  });

  it('keeps the aspect of sources of any shape, never upscales, and never gives a side of 0', () => {
    assert.deepEqual(previewSize({ width: 1920, height: 1280 }, 448), { width: 448, height: 299 });
    assert.deepEqual(previewSize({ width: 300, height: 200 }, 448), { width: 300, height: 200 });
    assert.deepEqual(previewSize({ width: 10000, height: 3 }, 448), { width: 448, height: 1 });
  });
});
