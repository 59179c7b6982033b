import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FACE_INPUT_SIZES, FACE_SCAN_DEFAULTS, mergeFaceBoxes, planFaceScan, planLargeFaceScan } from '../../src/detect/face-scan-plan.js';

describe('planFaceScan', () => {
  it('scans a near-square preview in one pass at the smallest input size that holds it', () => {
    assert.deepEqual(planFaceScan({ width: 448, height: 400 }), [{ region: { x: 0, y: 0, width: 448, height: 400 }, inputSize: 448 }]);
  });

  it('cuts a 3:2 preview into two overlapping square tiles', () => {
    const tiles = planFaceScan({ width: 448, height: 299 });
    assert.equal(tiles.length, 2);
    assert.deepEqual(tiles.map((t) => t.region.x), [0, 149]);
    assert.ok(tiles.every((t) => t.region.width === 299 && t.inputSize === 320));
  });

  it('scans a strip whole instead of in dozens of tiles, and skips what is too thin to hold a face', () => {
    assert.equal(planFaceScan({ width: 448, height: 60 }).length, 1);
    assert.deepEqual(planFaceScan({ width: 448, height: 15 }), []);
  });

  it('always covers the preview, with tiles inside it, at a known input size, at most maxTiles of them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 16, max: 448 }), fc.integer({ min: 16, max: 448 }), (width, height) => {
        const tiles = planFaceScan({ width, height });
        assert.ok(tiles.length >= 1 && tiles.length <= FACE_SCAN_DEFAULTS.maxTiles);
        for (const { region, inputSize } of tiles) {
          assert.ok(region.x >= 0 && region.y >= 0 && region.x + region.width <= width && region.y + region.height <= height);
          assert.ok((FACE_INPUT_SIZES as readonly number[]).includes(inputSize));
        }
        const covered = (x: number, y: number) => tiles.some(({ region: r }) => x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height);
        assert.ok(covered(0, 0) && covered(width - 1, height - 1) && covered(Math.floor(width / 2), Math.floor(height / 2)));
      }),
    );
  });
});

describe('planLargeFaceScan (the coarse scan beside a fine pass)', () => {
  it('scans the whole preview in one pass at largeFaceSide, or at its own long side when smaller, and skips what is too thin', () => {
    assert.deepEqual(planLargeFaceScan({ width: 448, height: 299 }), [{ region: { x: 0, y: 0, width: 448, height: 299 }, inputSize: FACE_SCAN_DEFAULTS.largeFaceSide }]);
    assert.deepEqual(planLargeFaceScan({ width: 120, height: 200 }), [{ region: { x: 0, y: 0, width: 120, height: 200 }, inputSize: 200 }]);
    assert.deepEqual(planLargeFaceScan({ width: 448, height: 15 }), []);
  });
});

describe('mergeFaceBoxes', () => {
  it('keeps one box for a face found whole in one tile and cut in the next, the better scored', () => {
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
