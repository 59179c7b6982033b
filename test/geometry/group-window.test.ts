import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { anchoredWindow, bestFace } from '../../src/geometry/anchored-window.js';
import { largestWindow } from '../../src/geometry/focal-window.js';
import { groupWindow } from '../../src/geometry/group-window.js';
import { containsRect, type Rect, type ScoredBox, type Size } from '../../src/geometry/types.js';
import { assertInside, sourceSize, targetSize } from './arbitraries.js';

const box = (x: number, y: number, width: number, height: number, score: number): ScoredBox => ({ x, y, width, height, score });
const SQUARE: Size = { width: 1, height: 1 };
const landscape: Size = { width: 2000, height: 1000 }; // square window 1000×1000, slides 0..1000 on x

function assertKeptInside(window: Rect, kept: readonly ScoredBox[]): void {
  for (const face of kept) assert.ok(containsRect(window, face), `kept face ${JSON.stringify(face)} is not wholly inside ${JSON.stringify(window)}`);
}

describe('groupWindow (gravity=faces): known layouts', () => {
  it('keeps every face when they all fit, centred on them across', () => {
    const a = box(100, 200, 200, 200, 0.9);
    const b = box(800, 400, 200, 200, 0.8);
    // The faces span 100..1000, centred on 550.
    assert.deepEqual(groupWindow(landscape, SQUARE, [b, a]), { window: { x: 50, y: 0, width: 1000, height: 1000 }, kept: [a, b] });
  });

  it('keeps the side with more faces, whatever their scores', () => {
    const left = box(50, 100, 100, 100, 0.99);
    const right = [box(1700, 100, 100, 100, 0.6), box(1850, 500, 100, 100, 0.5)];
    assert.deepEqual(groupWindow(landscape, SQUARE, [left, ...right])?.kept, right);
  });

  it('of equally many faces, keeps the more confident ones', () => {
    const left = box(50, 100, 100, 100, 0.7);
    const right = box(1850, 100, 100, 100, 0.9);
    assert.deepEqual(groupWindow(landscape, SQUARE, [left, right])?.kept, [right]);
  });

  it('slides toward a face it cannot keep, so more of it is seen, without cutting the kept ones', () => {
    // A 400-wide window keeps one of two faces 300 apart; the other is shown as far as it can be.
    const wide: Size = { width: 3000, height: 1000 };
    const kept = box(1000, 100, 200, 200, 0.9);
    const neighbour = box(1300, 100, 200, 200, 0.5);
    const picked = groupWindow(wide, { width: 2, height: 5 }, [kept, neighbour]);
    assert.deepEqual(picked?.kept, [kept]);
    assert.deepEqual(picked?.window, { x: 1000, y: 0, width: 400, height: 1000 });
  });

  it('places faces high in a window that slides vertically, so the bodies below them are kept', () => {
    const portrait: Size = { width: 1000, height: 3000 };
    const face = box(400, 1000, 200, 200, 0.9);
    const window = groupWindow(portrait, { width: 1, height: 1 }, [face])?.window;
    // 0.4 face heights above the face, the rest below it.
    assert.deepEqual(window, { x: 0, y: 920, width: 1000, height: 1000 });
    // A window barely taller than the faces centres them (a third of the free room above at most).
    const low = groupWindow({ width: 1000, height: 3000 }, { width: 1, height: 1 }, [box(0, 1000, 900, 940, 0.9)])?.window;
    assert.deepEqual(low, { x: 0, y: 980, width: 1000, height: 1000 });
  });

  it('clamps toward the edge when centring would push the window out', () => {
    assert.deepEqual(groupWindow(landscape, SQUARE, [box(0, 0, 100, 100, 0.9)])?.window, { x: 0, y: 0, width: 1000, height: 1000 });
    assert.deepEqual(groupWindow(landscape, SQUARE, [box(1900, 900, 100, 100, 0.9)])?.window, { x: 1000, y: 0, width: 1000, height: 1000 });
  });

  it('returns null when no face fits, and ignores faces too large to fit', () => {
    assert.equal(groupWindow({ width: 2000, height: 500 }, SQUARE, [box(100, 0, 600, 400, 0.9)]), null);
    assert.equal(groupWindow(landscape, SQUARE, []), null);
    const small = box(1500, 100, 100, 100, 0.2);
    assert.deepEqual(groupWindow({ width: 2000, height: 500 }, SQUARE, [box(100, 0, 600, 400, 0.99), small])?.kept, [small]);
  });

  it('never keeps a face that sticks out of the source', () => {
    for (const face of [box(900, -20, 100, 100, 0.9), box(900, 950, 100, 100, 0.9), box(-20, 100, 100, 100, 0.9), box(1950, 100, 100, 100, 0.9)]) {
      assert.equal(groupWindow(landscape, SQUARE, [face]), null, JSON.stringify(face));
    }
  });
});

describe('anchoredWindow (gravity=face): known layouts', () => {
  it('keeps the best face, then as many others as fit around it, centred on them all when they fit', () => {
    const best = box(1700, 100, 100, 100, 0.95);
    const near = box(1300, 150, 100, 100, 0.6);
    const farPair = [box(50, 100, 100, 100, 0.8), box(300, 100, 100, 100, 0.8)];
    const picked = anchoredWindow(landscape, SQUARE, [near, ...farPair, best]);
    assert.equal(picked?.anchor, best);
    // gravity=faces would keep the pair on the left (equally many, more score); face keeps the best one.
    assert.deepEqual(picked?.kept, [best, near]);
    assert.deepEqual(groupWindow(landscape, SQUARE, [near, ...farPair, best])?.kept, farPair);
    // The kept faces span 1300..1800: centred would be x=1050, clamped to the source at 1000.
    assert.deepEqual(picked?.window, { x: 1000, y: 0, width: 1000, height: 1000 });
  });

  it('centres on the best face when it is larger than any window', () => {
    const huge = box(100, 0, 600, 480, 0.9);
    const picked = anchoredWindow({ width: 2000, height: 500 }, SQUARE, [huge, box(1500, 100, 100, 100, 0.5)]);
    assert.deepEqual(picked, { window: { x: 150, y: 0, width: 500, height: 500 }, kept: [], anchor: huge });
  });

  it('picks the most confident face as the anchor, the first of equals', () => {
    const a = box(0, 0, 10, 10, 0.8);
    const b = box(0, 0, 10, 10, 0.9);
    const c = box(0, 0, 10, 10, 0.9);
    assert.equal(bestFace([a, b, c]), b);
    assert.equal(bestFace([]), undefined);
    assert.equal(anchoredWindow(landscape, SQUARE, []), null);
  });
});

/** A source, a target and 1..6 faces wholly inside the source. */
const layout = fc.tuple(sourceSize, targetSize).chain(([source, target]) => {
  const face = fc
    .record({ width: fc.integer({ min: 1, max: source.width }), height: fc.integer({ min: 1, max: source.height }), fx: fc.double({ min: 0, max: 1, noNaN: true }), fy: fc.double({ min: 0, max: 1, noNaN: true }), score: fc.integer({ min: 1, max: 100 }) })
    .map(({ width, height, fx, fy, score }) => box(Math.floor(fx * (source.width - width)), Math.floor(fy * (source.height - height)), width, height, score / 100));
  return fc.record({ source: fc.constant(source), target: fc.constant(target), faces: fc.array(face, { minLength: 1, maxLength: 6 }) });
});

/** How many faces a window of `size` at `offset` on its sliding axis keeps whole. */
function keptAt(source: Size, size: Size, faces: readonly ScoredBox[], offset: number): ScoredBox[] {
  const window: Rect = size.width < source.width ? { x: offset, y: 0, ...size } : { x: 0, y: offset, ...size };
  return faces.filter((face) => containsRect(window, face));
}

function travelOf(source: Size, size: Size): number {
  return size.width < source.width ? source.width - size.width : source.height - size.height;
}

describe('group windows: properties', () => {
  it('groupWindow keeps exactly the faces inside its window, and no placement keeps more', () => {
    fc.assert(
      fc.property(layout, ({ source, target, faces }) => {
        const size = largestWindow(source, target);
        const picked = groupWindow(source, target, faces);
        if (!faces.some((f) => f.width <= size.width && f.height <= size.height)) return assert.equal(picked, null);
        assert.ok(picked !== null);
        assertInside(source, picked.window);
        assert.deepEqual({ width: picked.window.width, height: picked.window.height }, size);
        assert.deepEqual(new Set(picked.kept), new Set(faces.filter((f) => containsRect(picked.window, f))));
        const travel = travelOf(source, size);
        const step = Math.max(1, Math.floor(travel / 400));
        for (let offset = 0; offset <= travel; offset += step) {
          assert.ok(keptAt(source, size, faces, offset).length <= picked.kept.length, `offset ${offset} keeps more`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('anchoredWindow keeps the best face whenever it fits, and no placement keeping it keeps more', () => {
    fc.assert(
      fc.property(layout, ({ source, target, faces }) => {
        const size = largestWindow(source, target);
        const picked = anchoredWindow(source, target, faces);
        assert.ok(picked !== null);
        assertInside(source, picked.window);
        const anchor = bestFace(faces)!;
        if (anchor.width > size.width || anchor.height > size.height) return assert.deepEqual(picked.kept, []);
        assert.ok(containsRect(picked.window, anchor), 'the best face is cut');
        assert.deepEqual(new Set(picked.kept), new Set(faces.filter((f) => containsRect(picked.window, f))));
        const travel = travelOf(source, size);
        const step = Math.max(1, Math.floor(travel / 400));
        for (let offset = 0; offset <= travel; offset += step) {
          const kept = keptAt(source, size, faces, offset);
          if (kept.includes(anchor)) assert.ok(kept.length <= picked.kept.length, `offset ${offset} keeps the anchor and more`);
        }
      }),
      { numRuns: 300 },
    );
  });
});
