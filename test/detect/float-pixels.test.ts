import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { floatPixels } from '../../src/detect/float-pixels.js';

const pixels = { width: 2, height: 2, channels: 3 as const, data: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) };

describe('floatPixels', () => {
  it('copies the bytes as float32', () => {
    assert.deepEqual(Array.from(floatPixels(pixels)), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('pads with black on the right and bottom, even over what an earlier call left in its buffer', () => {
    floatPixels({ width: 3, height: 3, channels: 3, data: new Uint8Array(27).fill(255) });
    assert.deepEqual(Array.from(floatPixels(pixels, 3, 3)), [1, 2, 3, 4, 5, 6, 0, 0, 0, 7, 8, 9, 10, 11, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
