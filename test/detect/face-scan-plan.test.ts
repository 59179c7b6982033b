import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FACE_SCAN_DEFAULTS, mergeFaceBoxes, planFaceScan } from '../../src/detect/face-scan-plan.js';

describe('planFaceScan', () => {
  it('scans a 3:2 preview in one pass at its own scale, not in square tiles', () => {
    assert.deepEqual(planFaceScan({ width: 448, height: 299 }), [{ region: { x: 0, y: 0, width: 448, height: 299 }, inputSize: 448 }]);
    assert.deepEqual(planFaceScan({ width: 597, height: 896 }), [{ region: { x: 0, y: 0, width: 597, height: 896 }, inputSize: 896 }]);
  });

  it('scans a strip in one pass too, and skips what is too thin to hold a face', () => {
    assert.deepEqual(planFaceScan({ width: 448, height: 60 }), [{ region: { x: 0, y: 0, width: 448, height: 60 }, inputSize: 448 }]);
    assert.deepEqual(planFaceScan({ width: 448, height: 15 }), []);
  });

  it('is one pass over the whole preview at its own scale whenever a face can fit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 2000 }), (width, height) => {
        const passes = planFaceScan({ width, height });
        if (Math.min(width, height) < FACE_SCAN_DEFAULTS.minSide) assert.deepEqual(passes, []);
        else assert.deepEqual(passes, [{ region: { x: 0, y: 0, width, height }, inputSize: Math.max(width, height) }]);
      }),
    );
  });
});

describe('mergeFaceBoxes', () => {
  it('keeps one box for a face found by both passes (or whole and cut), the better scored', () => {
    const whole = { x: 100, y: 50, width: 60, height: 60, score: 0.9 };
    const cut = { x: 130, y: 50, width: 30, height: 60, score: 0.6 };
    const other = { x: 300, y: 40, width: 50, height: 50, score: 0.7 };
    assert.deepEqual(mergeFaceBoxes([cut, other, whole]), [whole, other]);
  });

  it('drops a box across the gap between two better ones (half on each), keeps faces that barely touch', () => {
    // group-4-6faces-confetti's row: the detector boxes each gap between neighbours at a lower score.
    const left = { x: 28, y: 475, width: 158, height: 138, score: 0.92 };
    const right = { x: 205, y: 455, width: 151, height: 138, score: 0.75 };
    const gap = { x: 121, y: 454, width: 151, height: 139, score: 0.64 };
    assert.deepEqual(mergeFaceBoxes([gap, left, right]), [left, right]);
    // A neighbour overlapping the better boxes by a quarter of its area is a face of its own.
    const touching = { x: 310, y: 470, width: 140, height: 140, score: 0.6 };
    assert.deepEqual(mergeFaceBoxes([touching, left, right]), [left, right, touching]);
  });
});
