// Test-only fast-check arbitraries and assertions for the crop-window geometry.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Rect, Size } from '../../src/geometry/types.js';

/** A side length, with the extremes drawn often: that is where rounding breaks. */
function side(max: number): fc.Arbitrary<number> {
  return fc.oneof({ arbitrary: fc.integer({ min: 1, max }), weight: 4 }, { arbitrary: fc.constantFrom(1, 2, 3, max - 1, max), weight: 1 });
}

/** Sources of 1..10000 px a side (SPEC: stored images), targets of 1..8192 (SPEC §1 w, h). */
export const sourceSize: fc.Arbitrary<Size> = fc.record({ width: side(10_000), height: side(10_000) });
export const targetSize: fc.Arbitrary<Size> = fc.record({ width: side(8192), height: side(8192) });

/** A normalised focal point, corners and edges included. */
export const unitPoint = fc.record({
  x: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 0.5, 1)),
  y: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 0.5, 1)),
});

/** Integer pixels, at least 1 px, wholly inside the source. */
export function assertInside(source: Size, rect: Rect, what = 'window'): void {
  for (const value of [rect.x, rect.y, rect.width, rect.height]) assert.ok(Number.isInteger(value), `${what} ${JSON.stringify(rect)} is not in whole pixels`);
  assert.ok(rect.width >= 1 && rect.height >= 1, `${what} ${JSON.stringify(rect)} is empty`);
  assert.ok(rect.x >= 0 && rect.y >= 0, `${what} ${JSON.stringify(rect)} starts outside the source`);
  assert.ok(rect.x + rect.width <= source.width && rect.y + rect.height <= source.height, `${what} ${JSON.stringify(rect)} ends outside ${JSON.stringify(source)}`);
}

/**
 * The largest window of the target's aspect: one side is the whole source side and the other is the
 * exact aspect rounded to the nearest pixel, so |w − h·tw/th| ≤ ½, i.e. |w·th − h·tw| ≤ th/2 (likewise
 * ≤ tw/2 when the height is the rounded side). The one exception is an exact side under half a pixel,
 * which is 1 px rather than 0; it is then off by less than one pixel: |w·th − h·tw| < th.
 * Both cases together give the loose bound |w·th − h·tw| < max(tw, th).
 */
export function assertLargestOfAspect(source: Size, target: Size, size: Size): void {
  const { width: w, height: h } = size;
  const { width: tw, height: th } = target;
  const error = Math.abs(w * th - h * tw);
  const context = `window ${w}×${h} for target ${tw}×${th} on source ${source.width}×${source.height}`;
  assert.ok(error < Math.max(tw, th), `${context}: aspect off by more than a pixel`);
  const widthRounded = h === source.height && (2 * error <= th || (w === 1 && 2 * h * tw < th));
  const heightRounded = w === source.width && (2 * error <= tw || (h === 1 && 2 * w * th < tw));
  assert.ok(widthRounded || heightRounded, `${context}: not a full source side with the other rounded to the nearest pixel`);
}

/**
 * On one axis: the window is centred on the point within half a pixel, or the point is too close
 * to an edge for that and the window touches that edge.
 */
export function assertCentredOrClamped(axis: string, start: number, length: number, sourceLength: number, point: number): void {
  const context = `${axis}: window ${start}+${length} of ${sourceLength} around ${point}`;
  const offCentre = Math.abs(start + length / 2 - point);
  if (point < length / 2) assert.equal(start, 0, `${context} should touch the start edge`);
  else if (point > sourceLength - length / 2) assert.equal(start + length, sourceLength, `${context} should touch the end edge`);
  else assert.ok(offCentre <= 0.5 + 1e-9, `${context} is off centre by ${offCentre}`);
}
