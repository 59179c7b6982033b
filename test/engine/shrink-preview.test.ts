import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadPreview, previewSize, shrinkPreview } from '../../src/engine/preview.js';
import { probeImage } from '../../src/engine/source-info.js';
import { samplePath } from '../fixtures/photos.js';

const limits = { maxInputPixels: 1e8 };

describe('shrinkPreview (the coarse preview of analyze, from the fine one)', () => {
  it('gives the size loadPreview would, with pixels within a few levels of a direct decode at that size', async () => {
    for (const n of [1, 6]) {
      const input = readFileSync(samplePath(n));
      const source = await probeImage(input, limits);
      const fine = await loadPreview(input, source, { maxSide: 896, channels: 3, limits });
      const size = previewSize(source, 448);
      const shrunk = await shrinkPreview(fine, size);
      const direct = await loadPreview(input, source, { maxSide: 448, channels: 3, limits });
      assert.deepEqual({ width: shrunk.width, height: shrunk.height, channels: shrunk.channels }, { width: direct.width, height: direct.height, channels: 3 });
      let sum = 0;
      for (let i = 0; i < direct.data.length; i++) sum += Math.abs(shrunk.data[i]! - direct.data[i]!);
      const mean = sum / direct.data.length;
      assert.ok(mean < 3, `sample${n}: mean difference ${mean.toFixed(2)} levels`);
    }
  });

  it('keeps the aspect of sources of any shape, never upscales, and never gives a side of 0', () => {
    assert.deepEqual(previewSize({ width: 1920, height: 1280 }, 448), { width: 448, height: 299 });
    assert.deepEqual(previewSize({ width: 300, height: 200 }, 448), { width: 300, height: 200 });
    assert.deepEqual(previewSize({ width: 10000, height: 3 }, 448), { width: 448, height: 1 });
  });
});
