import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compassWindow } from '../../src/geometry/compass-window.js';
import { largestWindow } from '../../src/geometry/focal-window.js';
import type { Rect, Size } from '../../src/geometry/types.js';
import { COMPASS, type Compass } from '../../src/geometry/compass-window.js';
import { assertInside, sourceSize, targetSize } from './arbitraries.js';

type Pin = 'start' | 'centre' | 'end';

/** Where each compass name must put the window, per axis (written from SPEC §1, not from the module). */
const EXPECTED: Record<Compass, readonly [Pin, Pin]> = {
  center: ['centre', 'centre'],
  north: ['centre', 'start'],
  northeast: ['end', 'start'],
  east: ['end', 'centre'],
  southeast: ['end', 'end'],
  south: ['centre', 'end'],
  southwest: ['start', 'end'],
  west: ['start', 'centre'],
  northwest: ['start', 'start'],
};

function assertPinned(pin: Pin, start: number, length: number, sourceLength: number, context: string): void {
  if (pin === 'start') assert.equal(start, 0, `${context}: should touch the start edge`);
  else if (pin === 'end') assert.equal(start + length, sourceLength, `${context}: should touch the end edge`);
  else assert.ok(Math.abs(start + length / 2 - sourceLength / 2) <= 0.5, `${context}: not centred within a pixel`);
}

function assertCompass(source: Size, target: Size, compass: Compass, window: Rect): void {
  const [pinX, pinY] = EXPECTED[compass];
  const context = `${compass} ${JSON.stringify(window)} on ${source.width}×${source.height}`;
  assertPinned(pinX, window.x, window.width, source.width, `${context} x`);
  assertPinned(pinY, window.y, window.height, source.height, `${context} y`);
}

describe('compassWindow', () => {
  const landscape: Size = { width: 1920, height: 1280 };
  const portrait: Size = { width: 1280, height: 1920 };
  const square: Size = { width: 1, height: 1 };
  // [compass, window on a landscape source, window on a portrait source], for a square target
  const cases: ReadonlyArray<readonly [Compass, Rect, Rect]> = [
    ['center', { x: 320, y: 0, width: 1280, height: 1280 }, { x: 0, y: 320, width: 1280, height: 1280 }],
    ['north', { x: 320, y: 0, width: 1280, height: 1280 }, { x: 0, y: 0, width: 1280, height: 1280 }],
    ['northeast', { x: 640, y: 0, width: 1280, height: 1280 }, { x: 0, y: 0, width: 1280, height: 1280 }],
    ['east', { x: 640, y: 0, width: 1280, height: 1280 }, { x: 0, y: 320, width: 1280, height: 1280 }],
    ['southeast', { x: 640, y: 0, width: 1280, height: 1280 }, { x: 0, y: 640, width: 1280, height: 1280 }],
    ['south', { x: 320, y: 0, width: 1280, height: 1280 }, { x: 0, y: 640, width: 1280, height: 1280 }],
    ['southwest', { x: 0, y: 0, width: 1280, height: 1280 }, { x: 0, y: 640, width: 1280, height: 1280 }],
    ['west', { x: 0, y: 0, width: 1280, height: 1280 }, { x: 0, y: 320, width: 1280, height: 1280 }],
    ['northwest', { x: 0, y: 0, width: 1280, height: 1280 }, { x: 0, y: 0, width: 1280, height: 1280 }],
  ];
  for (const [compass, onLandscape, onPortrait] of cases) {
    it(`pins ${compass}`, () => {
      assert.deepEqual(compassWindow(landscape, square, compass), onLandscape);
      assert.deepEqual(compassWindow(portrait, square, compass), onPortrait);
    });
  }

  it('rounds an odd leftover down when centring, as libvips does', () => {
    assert.deepEqual(compassWindow({ width: 101, height: 50 }, square, 'center'), { x: 25, y: 0, width: 50, height: 50 });
    assert.deepEqual(compassWindow({ width: 50, height: 101 }, square, 'center'), { x: 0, y: 25, width: 50, height: 50 });
  });

  it('touches the named edges, centres the others within a pixel, and stays inside the source (property)', () => {
    fc.assert(
      fc.property(sourceSize, targetSize, fc.constantFrom(...COMPASS), (source, target, compass) => {
        const window = compassWindow(source, target, compass);
        assertInside(source, window);
        assert.deepEqual({ width: window.width, height: window.height }, largestWindow(source, target));
        assertCompass(source, target, compass, window);
      }),
      { numRuns: 2000 },
    );
  });
});
