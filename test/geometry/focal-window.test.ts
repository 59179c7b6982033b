import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { focalWindow, largestWindow, placeWindow, toNormalisedPoint, toSourcePoint } from '../../src/geometry/focal-window.js';
import type { Rect, Size } from '../../src/geometry/types.js';
import { assertCentredOrClamped, assertInside, assertLargestOfAspect, sourceSize, targetSize, unitPoint } from './arbitraries.js';

const size = (width: number, height: number): Size => ({ width, height });

describe('largestWindow', () => {
  // [source, target, window]
  const cases: ReadonlyArray<readonly [Size, Size, Size]> = [
    [size(1920, 1280), size(1, 1), size(1280, 1280)],
    [size(1280, 1920), size(1, 1), size(1280, 1280)],
    [size(1920, 1280), size(1200, 800), size(1920, 1280)],
    [size(1920, 1280), size(1600, 900), size(1920, 1080)],
    [size(1000, 1000), size(16, 9), size(1000, 563)], // 562.5 rounds to the nearest pixel
    [size(1000, 1000), size(9, 16), size(563, 1000)],
    [size(1, 1), size(8192, 8192), size(1, 1)],
    [size(1, 1), size(1, 8192), size(1, 1)],
    [size(10_000, 10_000), size(1, 1), size(10_000, 10_000)],
    // Extreme aspects: the short side would round to 0 and is held at 1 px, never more than the source.
    [size(10_000, 10), size(1, 8192), size(1, 10)],
    [size(10, 10_000), size(8192, 1), size(10, 1)],
    [size(10_000, 10), size(8192, 1), size(10_000, 1)],
    [size(10, 10_000), size(1, 8192), size(1, 10_000)], // 1.22 px wide
    [size(1, 10_000), size(1, 8192), size(1, 8192)],
    [size(10_000, 1), size(8192, 1), size(8192, 1)],
    [size(10_000, 1), size(1, 8192), size(1, 1)],
  ];
  for (const [source, target, expected] of cases) {
    it(`cuts ${expected.width}×${expected.height} from ${source.width}×${source.height} for ${target.width}×${target.height}`, () => {
      assert.deepEqual(largestWindow(source, target), expected);
    });
  }

  it('is never empty, never larger than the source, and keeps the aspect (property)', () => {
    fc.assert(
      fc.property(sourceSize, targetSize, (source, target) => {
        const window = largestWindow(source, target);
        assertInside(source, { x: 0, y: 0, ...window });
        assertLargestOfAspect(source, target, window);
      }),
      { numRuns: 2000 },
    );
  });

  it('depends only on the aspect of the target (property)', () => {
    fc.assert(
      fc.property(sourceSize, fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 128 }), (source, a, b, k) => {
        assert.deepEqual(largestWindow(source, size(a * k, b * k)), largestWindow(source, size(a, b)));
      }),
    );
  });
});

describe('focalWindow', () => {
  it('matches the analyse example of SPEC §2: fp 0.41,0.33 on 1920×1280, square → 147,0,1280,1280', () => {
    const source = size(1920, 1280);
    assert.deepEqual(focalWindow(source, size(1, 1), toSourcePoint(source, { x: 0.41, y: 0.33 })), { x: 147, y: 0, width: 1280, height: 1280 });
  });

  // [source, target, normalised point, window]
  const cases = [
    [size(1920, 1280), size(1, 1), { x: 0, y: 0 }, { x: 0, y: 0, width: 1280, height: 1280 }],
    [size(1920, 1280), size(1, 1), { x: 1, y: 1 }, { x: 640, y: 0, width: 1280, height: 1280 }],
    [size(1920, 1280), size(1, 1), { x: 0.5, y: 0.5 }, { x: 320, y: 0, width: 1280, height: 1280 }],
    [size(1280, 1920), size(1, 1), { x: 0.5, y: 0.1 }, { x: 0, y: 0, width: 1280, height: 1280 }],
    [size(1280, 1920), size(1, 1), { x: 0.5, y: 0.5 }, { x: 0, y: 320, width: 1280, height: 1280 }],
    [size(1280, 1920), size(1, 1), { x: 0.5, y: 0.9 }, { x: 0, y: 640, width: 1280, height: 1280 }],
    [size(1000, 1000), size(2, 1), { x: 0.3, y: 0.3 }, { x: 0, y: 50, width: 1000, height: 500 }],
    [size(1000, 1000), size(1, 2), { x: 0.3, y: 0.3 }, { x: 50, y: 0, width: 500, height: 1000 }],
  ] as const;
  for (const [source, target, point, expected] of cases) {
    it(`places ${target.width}:${target.height} at ${point.x},${point.y} on ${source.width}×${source.height}`, () => {
      assert.deepEqual(focalWindow(source, target, toSourcePoint(source, point)), expected);
    });
  }

  it('lies inside the source, is the largest window of the aspect, and centres on the point unless clamped (property)', () => {
    fc.assert(
      fc.property(sourceSize, targetSize, unitPoint, (source, target, fp) => {
        const point = toSourcePoint(source, fp);
        const window = focalWindow(source, target, point);
        assertInside(source, window);
        assertLargestOfAspect(source, target, window);
        assert.deepEqual({ width: window.width, height: window.height }, largestWindow(source, target));
        assertCentredOrClamped('x', window.x, window.width, source.width, point.x);
        assertCentredOrClamped('y', window.y, window.height, source.height, point.y);
      }),
      { numRuns: 2000 },
    );
  });

  it('cuts the same window, centred on the same source pixel, at 1200×800, 600×400 and 300×200 (property)', () => {
    fc.assert(
      fc.property(sourceSize, unitPoint, (source, fp) => {
        const point = toSourcePoint(source, fp);
        const large = focalWindow(source, size(1200, 800), point);
        const medium = focalWindow(source, size(600, 400), point);
        const small = focalWindow(source, size(300, 200), point);
        assert.deepEqual(medium, large);
        assert.deepEqual(small, large);
        const centrePixel = (r: Rect) => [Math.floor(r.x + r.width / 2), Math.floor(r.y + r.height / 2)];
        assert.deepEqual(centrePixel(small), centrePixel(large));
        assert.deepEqual(centrePixel(medium), centrePixel(large));
      }),
      { numRuns: 1000 },
    );
  });

  it('cuts the same window for every output size of one aspect, so dpr never moves the crop (property)', () => {
    fc.assert(
      fc.property(sourceSize, unitPoint, fc.integer({ min: 1, max: 32 }), fc.integer({ min: 1, max: 32 }), fc.integer({ min: 1, max: 256 }), fc.integer({ min: 1, max: 256 }), (source, fp, a, b, k1, k2) => {
        const point = toSourcePoint(source, fp);
        assert.deepEqual(focalWindow(source, size(a * k1, b * k1), point), focalWindow(source, size(a * k2, b * k2), point));
      }),
    );
  });
});

describe('placeWindow', () => {
  it('keeps a window as large as the source at the origin wherever the point is', () => {
    for (const centre of [{ x: -50, y: -50 }, { x: 0, y: 0 }, { x: 50, y: 50 }, { x: 5000, y: 5000 }]) {
      assert.deepEqual(placeWindow(size(100, 100), size(100, 100), centre), { x: 0, y: 0, width: 100, height: 100 });
    }
  });
});

describe('toSourcePoint / toNormalisedPoint', () => {
  it('map (0,0) to the top-left corner and (1,1) to the bottom-right', () => {
    assert.deepEqual(toSourcePoint(size(1920, 1280), { x: 0, y: 0 }), { x: 0, y: 0 });
    assert.deepEqual(toSourcePoint(size(1920, 1280), { x: 1, y: 1 }), { x: 1920, y: 1280 });
    assert.deepEqual(toNormalisedPoint(size(1920, 1280), { x: 960, y: 320 }), { x: 0.5, y: 0.25 });
  });

  it('clamp to [0,1] and round to 4 decimals', () => {
    assert.deepEqual(toNormalisedPoint(size(100, 100), { x: -5, y: 250 }), { x: 0, y: 1 });
    assert.deepEqual(toNormalisedPoint(size(3, 3), { x: 1, y: 2 }), { x: 0.3333, y: 0.6667 });
  });

  it('round-trip a 4-decimal point within a pixel (property)', () => {
    fc.assert(
      fc.property(sourceSize, unitPoint, (source, fp) => {
        const back = toNormalisedPoint(source, toSourcePoint(source, fp));
        assert.ok(Math.abs(back.x - fp.x) <= 0.00005 + 1e-12 && Math.abs(back.y - fp.y) <= 0.00005 + 1e-12);
      }),
    );
  });
});
