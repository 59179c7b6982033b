import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { faceNetworkInput } from '../../src/detect/faces.js';
import { decodeTinyFaceGrid, suppressFaceOverlaps } from '../../src/detect/tiny-face-decode.js';

const anchors = [
  { x: 1, y: 2 },
  { x: 3, y: 4 },
];

/** A grid of `cols`×`rows` cells, every box scored far below any threshold except those set. */
function grid(cols: number, rows: number, set: { row: number; col: number; anchor: number; values: [number, number, number, number, number] }[]): Float32Array {
  const values = new Float32Array(rows * cols * anchors.length * 5);
  for (let i = 4; i < values.length; i += 5) values[i] = -20;
  for (const { row, col, anchor, values: v } of set) values.set(v, ((row * cols + col) * anchors.length + anchor) * 5);
  return values;
}

describe('decodeTinyFaceGrid', () => {
  it('decodes a non-square grid in input pixels: column across, row down, 32 px a cell', () => {
    // 5 cells across, 3 down (a 160×96 input); one box in row 2, column 4, anchor 1, offsets at the cell centre.
    const values = grid(5, 3, [{ row: 2, col: 4, anchor: 1, values: [0, 0, 0, 0, 3] }]);
    const [box, ...rest] = decodeTinyFaceGrid(values, { cols: 5, rows: 3, anchors }, 0.5);
    assert.deepEqual(rest, []);
    // centre (4.5, 2.5) cells = (144, 80) px; the anchor's 3 × 4 cells = 96 × 128 px.
    assert.deepEqual({ ...box!, score: Math.round(box!.score * 1000) / 1000 }, { x: 96, y: 16, width: 96, height: 128, score: 0.953 });
  });

  it('keeps only boxes scored above the threshold', () => {
    const values = grid(2, 1, [{ row: 0, col: 0, anchor: 0, values: [0, 0, 0, 0, 0] }]);
    assert.equal(decodeTinyFaceGrid(values, { cols: 2, rows: 1, anchors }, 0.5).length, 0);
    assert.equal(decodeTinyFaceGrid(values, { cols: 2, rows: 1, anchors }, 0.49).length, 1);
  });
});

describe('suppressFaceOverlaps', () => {
  it('keeps the best of boxes overlapping by more than the IoU threshold, and boxes apart', () => {
    const best = { x: 0, y: 0, width: 10, height: 10, score: 0.9 };
    const shifted = { x: 2, y: 0, width: 10, height: 10, score: 0.8 };
    const apart = { x: 30, y: 0, width: 10, height: 10, score: 0.5 };
    assert.deepEqual(suppressFaceOverlaps([apart, shifted, best], 0.4), [best, apart]);
  });

  it('keeps the later of two overlapping boxes of equal score, as face-api does', () => {
    const first = { x: 0, y: 0, width: 10, height: 10, score: 0.7 };
    const later = { x: 1, y: 0, width: 10, height: 10, score: 0.7 };
    assert.deepEqual(suppressFaceOverlaps([first, later], 0.4), [later]);
  });
});

describe('faceNetworkInput', () => {
  it('scales the long side to inputSize and pads each side only to the next multiple of 32', () => {
    assert.deepEqual(faceNetworkInput({ width: 896, height: 597 }, 896), { width: 896, height: 597, paddedWidth: 896, paddedHeight: 608 });
    assert.deepEqual(faceNetworkInput({ width: 299, height: 448 }, 448), { width: 299, height: 448, paddedWidth: 320, paddedHeight: 448 });
    assert.deepEqual(faceNetworkInput({ width: 80, height: 60 }, 160), { width: 160, height: 120, paddedWidth: 160, paddedHeight: 128 });
  });
});
