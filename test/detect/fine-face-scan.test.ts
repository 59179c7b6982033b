import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FINE_SCAN_DEFAULTS, fineTileSide, judgeSecondLook, lookRegion, needsSecondLook, planTileGrid, wantsFineScan } from '../../src/detect/fine-face-scan.js';

describe('wantsFineScan', () => {
  it('runs the fine pass only when the source has clearly more pixels than the coarse preview', () => {
    assert.equal(wantsFineScan({ width: 1920, height: 1280 }, 448), true);
    assert.equal(wantsFineScan({ width: 560, height: 400 }, 448), true);
    assert.equal(wantsFineScan({ width: 500, height: 333 }, 448), false);
    assert.equal(wantsFineScan({ width: 300, height: 300 }, 300), false);
  });
});

describe('planTileGrid', () => {
  it('cuts an 896×597 preview into 3×2 tiles of 448, overlapping', () => {
    const tiles = planTileGrid({ width: 896, height: 597 }, 448, 0.25);
    assert.deepEqual(tiles.map((t) => [t.x, t.y]), [[0, 0], [224, 0], [448, 0], [0, 149], [224, 149], [448, 149]]);
    assert.ok(tiles.every((t) => t.width === 448 && t.height === 448));
  });

  it('takes the smallest tile side that holds the short side: two tiles of 608 for a 3:2 preview of 896', () => {
    assert.equal(fineTileSide({ width: 896, height: 597 }), 608);
    assert.equal(fineTileSide({ width: 597, height: 896 }), 608);
    assert.equal(fineTileSide({ width: 896, height: 403 }), 448);
    assert.equal(fineTileSide({ width: 896, height: 896 }), 672);
    assert.deepEqual(planTileGrid({ width: 896, height: 597 }), [{ x: 0, y: 0, width: 608, height: 597 }, { x: 288, y: 0, width: 608, height: 597 }]);
  });

  it('uses one tile of the preview itself when it is smaller than a tile', () => {
    assert.deepEqual(planTileGrid({ width: 300, height: 200 }, 448, 0.25), [{ x: 0, y: 0, width: 300, height: 200 }]);
  });

  it('covers every pixel, with tiles inside the preview overlapping by at least the asked share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 16, max: 2000 }), fc.integer({ min: 16, max: 2000 }), (width, height) => {
        const tile = fineTileSide({ width, height });
        const tiles = planTileGrid({ width, height });
        for (const t of tiles) assert.ok(t.x >= 0 && t.y >= 0 && t.x + t.width <= width && t.y + t.height <= height);
        const xs = [...new Set(tiles.map((t) => t.x))].sort((a, b) => a - b);
        const ys = [...new Set(tiles.map((t) => t.y))].sort((a, b) => a - b);
        assert.equal(tiles.length, xs.length * ys.length);
        assert.equal(xs.at(-1)! + Math.min(tile, width), width);
        assert.equal(ys.at(-1)! + Math.min(tile, height), height);
        for (const s of [xs, ys]) {
          for (let i = 1; i < s.length; i++) assert.ok(s[i]! - s[i - 1]! <= tile * (1 - FINE_SCAN_DEFAULTS.overlap) + 1);
        }
      }),
    );
  });
});

describe('lookRegion', () => {
  it('is a square of twice the face around it, clipped at the edges', () => {
    assert.deepEqual(lookRegion({ x: 100, y: 100, width: 20, height: 30 }, { width: 896, height: 597 }), { x: 80, y: 85, width: 60, height: 60 });
    assert.deepEqual(lookRegion({ x: 0, y: 580, width: 20, height: 17 }, { width: 896, height: 597 }), { x: 0, y: 569, width: 30, height: 28 });
  });
});

describe('judgeSecondLook', () => {
  const candidate = { x: 100, y: 100, width: 20, height: 20, score: 0.35, fine: true };

  it('keeps a candidate seen again at lookAcceptScore or more, with the mean of both scores', () => {
    assert.deepEqual(judgeSecondLook(candidate, [{ x: 102, y: 101, width: 19, height: 21, score: 0.75 }]), { ...candidate, score: 0.55 });
  });

  it('rejects a candidate seen again only weakly, or seen elsewhere in the crop (texture)', () => {
    assert.equal(judgeSecondLook(candidate, [{ x: 102, y: 101, width: 19, height: 21, score: 0.25 }]), null);
    // The candidate floor is enough: a weak face seen again at 0.35 stands.
    assert.deepEqual(judgeSecondLook(candidate, [{ x: 102, y: 101, width: 19, height: 21, score: 0.35 }]), { ...candidate, score: 0.35 });
    assert.equal(judgeSecondLook(candidate, [{ x: 130, y: 130, width: 20, height: 20, score: 0.9 }]), null);
    assert.equal(judgeSecondLook(candidate, []), null);
  });
});

describe('needsSecondLook', () => {
  it('is every fine-scan box and coarse boxes under the old threshold', () => {
    assert.equal(needsSecondLook({ x: 0, y: 0, width: 1, height: 1, score: 0.9, fine: true }), true);
    assert.equal(needsSecondLook({ x: 0, y: 0, width: 1, height: 1, score: 0.44, fine: false }), true);
    assert.equal(needsSecondLook({ x: 0, y: 0, width: 1, height: 1, score: 0.45, fine: false }), false);
  });
});
