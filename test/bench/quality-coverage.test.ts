import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bestCoverage, coverage, isHit, maxWindowSize, type Box, type Dimensions } from '../../bench/quality/coverage.js';
import { faceSizeBand, matchLabels } from '../../bench/quality/face-recall.js';
import { renderBackground } from '../../bench/quality/backgrounds.js';
import { createRandom } from '../../bench/quality/random.js';

const box = (x: number, y: number, width: number, height: number): Box => ({ x, y, width, height });

/** The slow definition: every integer offset of the window. */
function slideBest(image: Dimensions, size: Dimensions, boxes: readonly Box[]): number {
  let best = 0;
  for (let x = 0; x <= image.width - size.width; x++) {
    for (let y = 0; y <= image.height - size.height; y++) best = Math.max(best, coverage({ x, y, ...size }, boxes));
  }
  return best;
}

describe('maxWindowSize', () => {
  const cases: Array<[Dimensions, Dimensions, Dimensions]> = [
    [{ width: 1920, height: 1280 }, { width: 1, height: 1 }, { width: 1280, height: 1280 }],
    [{ width: 1920, height: 1280 }, { width: 16, height: 9 }, { width: 1920, height: 1080 }],
    [{ width: 1920, height: 1280 }, { width: 9, height: 16 }, { width: 720, height: 1280 }],
    [{ width: 1920, height: 1280 }, { width: 4, height: 5 }, { width: 1024, height: 1280 }],
    [{ width: 900, height: 1600 }, { width: 16, height: 9 }, { width: 900, height: 506 }],
    [{ width: 900, height: 1600 }, { width: 9, height: 16 }, { width: 900, height: 1600 }],
  ];
  for (const [image, ratio, expected] of cases) {
    it(`${image.width}×${image.height} at ${ratio.width}:${ratio.height} is ${expected.width}×${expected.height}`, () => {
      assert.deepEqual(maxWindowSize(image, ratio), expected);
    });
  }
});

describe('coverage', () => {
  it('is the share of the summed box area inside the window', () => {
    const faces = [box(0, 0, 10, 10), box(90, 0, 10, 10)];
    assert.equal(coverage(box(0, 0, 50, 10), faces), 0.5);
    assert.equal(coverage(box(0, 0, 95, 10), faces), 150 / 200);
    assert.equal(coverage(box(0, 0, 100, 10), faces), 1);
  });

  it('weighs boxes by area, so a big face counts more than a small one', () => {
    const faces = [box(0, 0, 30, 30), box(80, 0, 10, 10)];
    assert.equal(coverage(box(0, 0, 40, 40), faces), 900 / 1000);
  });

  it('is 0 outside and with no boxes', () => {
    assert.equal(coverage(box(0, 0, 10, 10), [box(20, 20, 5, 5)]), 0);
    assert.equal(coverage(box(0, 0, 10, 10), []), 0);
  });
});

describe('bestCoverage', () => {
  it('finds the window that keeps a subject too wide to fit, centred on its densest part', () => {
    const image = { width: 200, height: 100 };
    const { coverage: best, window } = bestCoverage(image, { width: 100, height: 100 }, [box(20, 10, 40, 40), box(70, 10, 40, 40), box(170, 10, 20, 20)]);
    assert.equal(best, (1600 + 1600) / (1600 + 1600 + 400));
    assert.ok(window.x >= 10 && window.x <= 20, `window at ${window.x}`);
  });

  it('is 1 whenever all boxes fit in one window', () => {
    assert.equal(bestCoverage({ width: 300, height: 100 }, { width: 100, height: 100 }, [box(150, 0, 40, 40), box(210, 50, 30, 30)]).coverage, 1);
  });

  it('equals sliding the window over every integer offset', () => {
    const boxArb = fc.record({ x: fc.integer({ min: 0, max: 55 }), y: fc.integer({ min: 0, max: 35 }), width: fc.integer({ min: 1, max: 25 }), height: fc.integer({ min: 1, max: 25 }) });
    fc.assert(
      fc.property(fc.array(boxArb, { minLength: 1, maxLength: 5 }), fc.integer({ min: 5, max: 60 }), fc.integer({ min: 5, max: 40 }), (boxes, w, h) => {
        const image = { width: 60, height: 40 };
        const size = { width: w, height: h };
        const fast = bestCoverage(image, size, boxes);
        assert.ok(Math.abs(fast.coverage - slideBest(image, size, boxes)) < 1e-12);
        assert.ok(Math.abs(coverage(fast.window, boxes) - fast.coverage) < 1e-12);
      }),
      { numRuns: 200 },
    );
  });
});

describe('isHit', () => {
  it('hits at 90 % of the best and misses below', () => {
    assert.equal(isHit(0.9, 1), true);
    assert.equal(isHit(0.8999, 1), false);
    assert.equal(isHit(0.45, 0.5), true);
    assert.equal(isHit(0.44, 0.5), false);
  });
});

describe('matchLabels and faceSizeBand', () => {
  it('matches each label to one unused detection at IoU ≥ 0.3', () => {
    const labels = [box(0, 0, 10, 10), box(2, 0, 10, 10), box(50, 50, 10, 10)];
    assert.deepEqual(matchLabels(labels, [box(1, 0, 10, 10)]), [true, false, false]);
    assert.deepEqual(matchLabels(labels, [box(1, 0, 10, 10), box(3, 0, 10, 10), box(80, 80, 10, 10)]), [true, true, false]);
    assert.deepEqual(matchLabels([box(0, 0, 10, 10)], [box(6, 0, 10, 10)]), [false]);
  });

  it('sizes a face by its long side against the image long side', () => {
    const image = { width: 1000, height: 500 };
    assert.equal(faceSizeBand(box(0, 0, 39, 20), image), 'under 4 %');
    assert.equal(faceSizeBand(box(0, 0, 40, 20), image), '4-8 %');
    assert.equal(faceSizeBand(box(0, 0, 20, 80), image), '4-8 %');
    assert.equal(faceSizeBand(box(0, 0, 81, 81), image), 'over 8 %');
  });
});

describe('the set is the same on every run', () => {
  it('draws the noise background from a seeded stream: the same picture each time', async () => {
    const size = { width: 64, height: 48 };
    const once = await renderBackground('noise', size, createRandom(11));
    const again = await renderBackground('noise', size, createRandom(11));
    assert.ok(once.equals(again));
  });
});
