import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeCenterNet, findPeaks, suppressOverlaps } from '../../src/detect/centernet-decode.js';
import { objectInputSize } from '../../src/detect/objects.js';

const grid = { width: 8, height: 6, classes: 3, stride: 4 };
const input = { width: 32, height: 24 };
const options = { minScore: 0.3, maxOverlap: 0.4, maxObjects: 10 };

/** Per-cell box sizes (left, top, right, bottom distances), all `d` except the cells given. */
function sizes(d: number, cells: Record<number, [number, number, number, number]> = {}): Float32Array {
  const out = new Float32Array(grid.width * grid.height * 4).fill(d);
  for (const [cell, value] of Object.entries(cells)) out.set(value, Number(cell) * 4);
  return out;
}

describe('decodeCenterNet', () => {
  it('turns a peak into its class and a box around the cell centre, in input pixels', () => {
    // Cell (x 3, y 2) = index 2*8+3 = 19; class 2 → flat index 19*3+2.
    const found = decodeCenterNet({ scores: [0.8], indices: [19 * 3 + 2] }, sizes(0, { 19: [4, 2, 6, 8] }), grid, input, options);
    assert.deepEqual(found, [{ classIndex: 2, score: 0.8, box: { x: 8, y: 6, width: 10, height: 10 } }]);
  });

  it('stops at the first peak under the score threshold and clips boxes to the input', () => {
    const found = decodeCenterNet({ scores: [0.9, 0.2, 0.9], indices: [0, 19 * 3, 47 * 3] }, sizes(100), grid, input, options);
    assert.deepEqual(found, [{ classIndex: 0, score: 0.9, box: { x: 0, y: 0, width: 32, height: 24 } }]);
  });

  it('keeps one box for one thing named twice (class-blind suppression)', () => {
    const found = decodeCenterNet({ scores: [0.7, 0.5], indices: [19 * 3 + 1, 19 * 3 + 2] }, sizes(5), grid, input, options);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.classIndex, 1);
  });
});

describe('suppressOverlaps', () => {
  it('keeps separate things and the better of two overlapping ones', () => {
    const a = { score: 0.9, box: { x: 0, y: 0, width: 10, height: 10 } };
    const b = { score: 0.8, box: { x: 1, y: 1, width: 10, height: 10 } };
    const c = { score: 0.7, box: { x: 20, y: 0, width: 10, height: 10 } };
    assert.deepEqual(suppressOverlaps([c, b, a], 0.4), [a, c]);
  });
});

describe('objectInputSize', () => {
  it('keeps the aspect within the 32-px steps the network needs', () => {
    assert.deepEqual(objectInputSize({ width: 448, height: 299 }, 320), { width: 320, height: 224 });
    assert.deepEqual(objectInputSize({ width: 299, height: 448 }, 320), { width: 224, height: 320 });
    assert.deepEqual(objectInputSize({ width: 2000, height: 100 }, 320), { width: 320, height: 32 });
    assert.deepEqual(objectInputSize({ width: 448, height: 299 }, 416), { width: 416, height: 288 });
  });
});

describe('findPeaks', () => {
  it('keeps values that top their class in the 3×3 cells around, best first, at most the limit', () => {
    const small = { width: 4, height: 3, classes: 2 };
    const map = new Float32Array(4 * 3 * 2);
    const at = (x: number, y: number, c: number, v: number) => (map[(y * 4 + x) * 2 + c] = v);
    at(0, 0, 0, 0.5); // a peak in a corner
    at(1, 1, 0, 0.6); // beats the corner's neighbour, which is then no peak
    at(1, 1, 1, 0.4); // another class in the same cell: its own peak
    at(3, 2, 0, 0.9);
    at(3, 1, 0, 0.9); // a tie of neighbours: both stay peaks, as with equal(h, maxPool(h))
    at(2, 0, 1, 0.1); // under the score cut
    const peaks = findPeaks(map, small, 0.2, 10);
    assert.deepEqual(Array.from(peaks.indices), [(1 * 4 + 3) * 2, (2 * 4 + 3) * 2, (1 * 4 + 1) * 2, (1 * 4 + 1) * 2 + 1]);
    assert.deepEqual(Array.from(peaks.scores).map((s) => Math.round(s * 10) / 10), [0.9, 0.9, 0.6, 0.4]);
    assert.equal(findPeaks(map, small, 0.2, 2).indices.length, 2);
  });
});
