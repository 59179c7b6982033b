// bounded-crop.ts is pure: which cover crops may not scale the whole source first, and the size at which
// libvips' strategies choose their window instead. test/hostile/ renders the extreme shapes for real.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coverIntermediate, locateSize, MAX_INTERMEDIATE_FACTOR, needsBoundedCrop } from '../../src/engine/bounded-crop.js';

const area = (size: { width: number; height: number }) => size.width * size.height;

describe('bounded crops', () => {
  it('bounds the 20000×10 strip cropped to 500×500 (a 1,000,000×500 intermediate otherwise)', () => {
    const source = { width: 20000, height: 10 };
    assert.deepEqual(coverIntermediate(source, { width: 500, height: 500 }), { width: 1_000_000, height: 500 });
    assert.equal(needsBoundedCrop(source, { width: 500, height: 500 }), true);
    assert.equal(needsBoundedCrop(source, { width: 1000, height: 1000 }), true);
  });

  it('bounds w=1&h=8192 on a 1920×1367 photo', () => {
    assert.equal(needsBoundedCrop({ width: 1920, height: 1367 }, { width: 1, height: 8192 }), true);
  });

  it('leaves ordinary crops, downscales and mild upscales to the one-pipeline plan', () => {
    assert.equal(needsBoundedCrop({ width: 1920, height: 1280 }, { width: 300, height: 300 }), false);
    assert.equal(needsBoundedCrop({ width: 1920, height: 1280 }, { width: 1920, height: 200 }), false);
    assert.equal(needsBoundedCrop({ width: 300, height: 200 }, { width: 600, height: 600 }), false);
    assert.equal(needsBoundedCrop({ width: 8192, height: 8192 }, { width: 8192, height: 1 }), false);
  });

  it('locates on a copy whose intermediate is no larger than the source or the output', () => {
    for (const [source, output] of [
      [{ width: 20000, height: 10 }, { width: 500, height: 500 }],
      [{ width: 10, height: 20000 }, { width: 1000, height: 1000 }],
      [{ width: 1920, height: 1367 }, { width: 1, height: 8192 }],
      [{ width: 3, height: 3 }, { width: 8192, height: 8192 }],
    ] as const) {
      const small = locateSize(source, output);
      assert.ok(small.width >= 1 && small.height >= 1);
      const bound = Math.max(area(source), area(output));
      // Whole pixels: a side rounded up to 1 may add at most one row or column of the source.
      assert.ok(area(coverIntermediate(source, small)) <= bound + Math.max(source.width, source.height), `${JSON.stringify({ source, output, small })}`);
      assert.ok(area(coverIntermediate(source, small)) <= MAX_INTERMEDIATE_FACTOR * bound);
    }
  });

  it('locates at the output size itself when the crop is not bounded', () => {
    assert.deepEqual(locateSize({ width: 1920, height: 1280 }, { width: 300, height: 300 }), { width: 300, height: 300 });
  });
});
