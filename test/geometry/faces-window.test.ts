import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { facesWindow } from '../../src/geometry/faces-window.js';
import { largestWindow } from '../../src/geometry/focal-window.js';
import { containsRect, type Rect, type ScoredBox, type Size } from '../../src/geometry/types.js';
import { assertInside, sourceSize, targetSize } from './arbitraries.js';

const box = (x: number, y: number, width: number, height: number, score: number): ScoredBox => ({ x, y, width, height, score });
const SQUARE: Size = { width: 1, height: 1 };
const total = (boxes: readonly ScoredBox[]) => boxes.reduce((sum, b) => sum + b.score, 0);

function assertKeptInside(window: Rect, kept: readonly ScoredBox[]): void {
  for (const face of kept) assert.ok(containsRect(window, face), `kept face ${JSON.stringify(face)} is not wholly inside ${JSON.stringify(window)}`);
}

describe('facesWindow: known layouts', () => {
  const landscape: Size = { width: 2000, height: 1000 }; // square window 1000×1000, slides 0..1000 on x

  it('keeps every face when they all fit, centred on them', () => {
    const a = box(100, 200, 200, 200, 0.9);
    const b = box(800, 400, 200, 200, 0.8);
    const picked = facesWindow(landscape, SQUARE, [b, a]);
    // The faces span 100..1000, centred on 550.
    assert.deepEqual(picked, { window: { x: 50, y: 0, width: 1000, height: 1000 }, kept: [a, b] });
  });

  it('keeps the side with the higher total score when the faces are too far apart', () => {
    const left = box(50, 100, 100, 100, 0.9);
    const right1 = box(1700, 100, 100, 100, 0.6);
    const right2 = box(1850, 500, 100, 100, 0.5);
    const picked = facesWindow(landscape, SQUARE, [left, right1, right2]);
    assert.deepEqual(picked, { window: { x: 1000, y: 0, width: 1000, height: 1000 }, kept: [right1, right2] });

    const heavyLeft = box(50, 100, 100, 100, 1.2);
    const other = facesWindow(landscape, SQUARE, [right1, heavyLeft, right2]);
    assert.deepEqual(other, { window: { x: 0, y: 0, width: 1000, height: 1000 }, kept: [heavyLeft] });
  });

  it('prefers one confident face over several weak ones', () => {
    const strong = box(100, 100, 100, 100, 0.95);
    const weak = [box(1500, 100, 50, 50, 0.3), box(1600, 100, 50, 50, 0.3), box(1700, 100, 50, 50, 0.3)];
    assert.deepEqual(facesWindow(landscape, SQUARE, [...weak, strong])?.kept, [strong]);
  });

  it('breaks an equal total score toward more faces', () => {
    const single = box(100, 100, 100, 100, 1);
    const pair = [box(1600, 100, 100, 100, 0.5), box(1800, 100, 100, 100, 0.5)];
    assert.deepEqual(facesWindow(landscape, SQUARE, [single, ...pair])?.kept, pair);
    assert.deepEqual(facesWindow(landscape, SQUARE, [...pair, single])?.kept, pair);
  });

  it('centres on the kept faces when the window has room to slide', () => {
    const wide: Size = { width: 3000, height: 1000 };
    assert.deepEqual(facesWindow(wide, SQUARE, [box(1400, 300, 200, 200, 0.8)])?.window, { x: 1000, y: 0, width: 1000, height: 1000 });
    // Odd spans centre within a pixel.
    assert.deepEqual(facesWindow(wide, SQUARE, [box(1401, 300, 201, 200, 0.8)])?.window, { x: 1002, y: 0, width: 1000, height: 1000 });
    // Two faces: centred on the span of both, not on either one.
    const pair = [box(1200, 0, 100, 100, 0.9), box(1900, 0, 100, 100, 0.2)];
    assert.deepEqual(facesWindow(wide, SQUARE, pair)?.window, { x: 1100, y: 0, width: 1000, height: 1000 });
  });

  it('clamps toward the edge when centring would push the window out', () => {
    assert.deepEqual(facesWindow(landscape, SQUARE, [box(0, 0, 100, 100, 0.9)])?.window, { x: 0, y: 0, width: 1000, height: 1000 });
    assert.deepEqual(facesWindow(landscape, SQUARE, [box(1900, 900, 100, 100, 0.9)])?.window, { x: 1000, y: 0, width: 1000, height: 1000 });
  });

  it('keeps a face exactly the size of the window', () => {
    const face = box(500, 0, 1000, 1000, 0.9);
    assert.deepEqual(facesWindow(landscape, SQUARE, [face]), { window: { x: 500, y: 0, width: 1000, height: 1000 }, kept: [face] });
  });

  it('slides vertically on a portrait source', () => {
    const portrait: Size = { width: 1000, height: 3000 };
    const top = box(100, 100, 200, 200, 0.7);
    const bottom = box(600, 2600, 200, 200, 0.8);
    const picked = facesWindow(portrait, { width: 2, height: 1 }, [top, bottom]);
    assert.deepEqual(picked, { window: { x: 0, y: 2450, width: 1000, height: 500 }, kept: [bottom] });
  });

  it('keeps faces with fractional boxes wholly inside', () => {
    const faces = [box(100.5, 10.25, 200.25, 100.5, 0.9), box(1099, 20, 0.5, 0.5, 0.4)];
    const picked = facesWindow(landscape, SQUARE, faces);
    assert.ok(picked !== null);
    assert.equal(picked.kept.length, 2);
    assertKeptInside(picked.window, picked.kept);
  });

  it('returns null when a face is larger than the window', () => {
    assert.equal(facesWindow({ width: 2000, height: 500 }, SQUARE, [box(100, 0, 600, 400, 0.9)]), null);
    assert.equal(facesWindow({ width: 500, height: 2000 }, SQUARE, [box(0, 100, 400, 600, 0.9)]), null);
    assert.equal(facesWindow({ width: 2000, height: 1000 }, { width: 4, height: 1 }, [box(100, 100, 200, 600, 0.9)]), null);
  });

  it('ignores a face too large to fit and keeps the ones that fit', () => {
    const large = box(100, 0, 600, 400, 0.99);
    const small = box(1500, 100, 100, 100, 0.2);
    assert.deepEqual(facesWindow({ width: 2000, height: 500 }, SQUARE, [large, small])?.kept, [small]);
  });

  it('returns null when there are no faces', () => {
    assert.equal(facesWindow(landscape, SQUARE, []), null);
  });

  it('never keeps a face that sticks out of the source on either axis', () => {
    // Detectors clip their boxes, but the contract is "wholly inside the window".
    for (const face of [box(900, -20, 100, 100, 0.9), box(900, 950, 100, 100, 0.9), box(-20, 100, 100, 100, 0.9), box(1950, 100, 100, 100, 0.9)]) {
      assert.equal(facesWindow(landscape, SQUARE, [face]), null, JSON.stringify(face));
    }
    const inside = box(300, 300, 100, 100, 0.1);
    const picked = facesWindow(landscape, SQUARE, [box(900, -20, 100, 100, 0.9), inside]);
    assert.deepEqual(picked?.kept, [inside]);
  });
});

/** A source, a target and 1..6 faces wholly inside the source, scores in hundredths so sums compare exactly enough. */
const layout = fc.tuple(sourceSize, targetSize).chain(([source, target]) => {
  const face = fc
    .record({ width: fc.integer({ min: 1, max: source.width }), height: fc.integer({ min: 1, max: source.height }), fx: fc.double({ min: 0, max: 1, noNaN: true }), fy: fc.double({ min: 0, max: 1, noNaN: true }), score: fc.integer({ min: 1, max: 100 }) })
    .map(({ width, height, fx, fy, score }) => box(Math.floor(fx * (source.width - width)), Math.floor(fy * (source.height - height)), width, height, score / 100));
  return fc.record({ source: fc.constant(source), target: fc.constant(target), faces: fc.array(face, { minLength: 1, maxLength: 6 }) });
});

/** Faces wholly inside a window of `size` placed at `offset` on its sliding axis. */
function facesAt(source: Size, size: Size, faces: readonly ScoredBox[], offset: number): ScoredBox[] {
  const horizontal = size.width < source.width;
  const window: Rect = horizontal ? { x: offset, y: 0, ...size } : { x: 0, y: offset, ...size };
  return faces.filter((face) => containsRect(window, face));
}

describe('facesWindow: properties', () => {
  it('keeps exactly the faces inside a window that lies inside the source, with the best total score', () => {
    fc.assert(
      fc.property(layout, ({ source, target, faces }) => {
        const size = largestWindow(source, target);
        const picked = facesWindow(source, target, faces);
        const fits = faces.some((face) => face.width <= size.width && face.height <= size.height);
        if (!fits) {
          assert.equal(picked, null);
          return;
        }
        assert.ok(picked !== null, 'a face fits, so a window exists');
        const { window, kept } = picked;
        assertInside(source, window);
        assert.deepEqual({ width: window.width, height: window.height }, size);
        assertKeptInside(window, kept);
        // kept is every face inside the window, best score first.
        const inside = faces.filter((face) => containsRect(window, face));
        assert.deepEqual([...kept].sort((a, b) => faces.indexOf(a) - faces.indexOf(b)), inside);
        for (let i = 1; i < kept.length; i++) assert.ok((kept[i - 1]?.score ?? 0) >= (kept[i]?.score ?? 0), 'kept is not best first');
        // No other placement keeps a greater total score (brute force over every offset).
        const travel = size.width < source.width ? source.width - size.width : source.height - size.height;
        let best = 0;
        for (let offset = 0; offset <= travel; offset++) best = Math.max(best, total(facesAt(source, size, faces, offset)));
        assert.ok(total(kept) >= best - 1e-9, `kept ${total(kept)} but ${best} was possible`);
      }),
      { numRuns: 400 },
    );
  });

  it('centres on the kept faces whenever it can do so and still keep them', () => {
    fc.assert(
      fc.property(layout, ({ source, target, faces }) => {
        const picked = facesWindow(source, target, faces);
        if (picked === null) return;
        const { window, kept } = picked;
        const horizontal = window.width < source.width;
        const length = horizontal ? window.width : window.height;
        const travel = horizontal ? source.width - window.width : source.height - window.height;
        const lo = Math.min(...kept.map((f) => (horizontal ? f.x : f.y)));
        const hi = Math.max(...kept.map((f) => (horizontal ? f.x + f.width : f.y + f.height)));
        const centred = Math.round((lo + hi) / 2 - length / 2) + 0; // + 0 turns Math.round(-0.5) = -0 into 0
        const stillKept = centred >= 0 && centred <= travel && centred <= lo && centred + length >= hi;
        if (stillKept) assert.equal(horizontal ? window.x : window.y, centred);
      }),
      { numRuns: 400 },
    );
  });
});

/** Faces anywhere, partly or wholly outside the source included (a detector that forgets to clip). */
const looseLayout = fc.tuple(sourceSize, targetSize).chain(([source, target]) => {
  const face = fc
    .record({
      x: fc.integer({ min: -source.width, max: source.width }),
      y: fc.integer({ min: -source.height, max: source.height }),
      width: fc.integer({ min: 1, max: source.width }),
      height: fc.integer({ min: 1, max: source.height }),
      score: fc.integer({ min: 1, max: 100 }),
    })
    .map(({ x, y, width, height, score }) => box(x, y, width, height, score / 100));
  return fc.record({ source: fc.constant(source), target: fc.constant(target), faces: fc.array(face, { minLength: 1, maxLength: 6 }) });
});

describe('facesWindow: unclipped boxes', () => {
  it('keeps only faces wholly inside a window that lies inside the source (property)', () => {
    fc.assert(
      fc.property(looseLayout, ({ source, target, faces }) => {
        const picked = facesWindow(source, target, faces);
        if (picked === null) return;
        assertInside(source, picked.window);
        assertKeptInside(picked.window, picked.kept);
        assert.ok(picked.kept.length >= 1);
      }),
      { numRuns: 1000 },
    );
  });
});
