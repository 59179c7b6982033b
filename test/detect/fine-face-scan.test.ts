import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeSecondLook, lookRegion, needsSecondLook, wantsFineScan } from '../../src/detect/fine-face-scan.js';

describe('wantsFineScan', () => {
  it('runs the fine pass only when the source has clearly more pixels than the coarse preview', () => {
    assert.equal(wantsFineScan({ width: 1920, height: 1280 }, 448), true);
    assert.equal(wantsFineScan({ width: 560, height: 400 }, 448), true);
    assert.equal(wantsFineScan({ width: 500, height: 333 }, 448), false);
    assert.equal(wantsFineScan({ width: 300, height: 300 }, 300), false);
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
