import type { Point, Rect, Size } from './types.js';

/**
 * A right-angle orientation applied to the (EXIF-oriented) source: mirror first (`flop` left-right,
 * `flip` top-bottom), then `quarter` clockwise quarter turns — the order sharp applies them in.
 * The image it produces is the "oriented" image that gravity, `fp` and crop windows refer to.
 */
export interface Orientation {
  readonly quarter: 0 | 1 | 2 | 3;
  readonly flip: boolean;
  readonly flop: boolean;
}

export const UPRIGHT: Orientation = Object.freeze({ quarter: 0, flip: false, flop: false });

export function isUpright(orientation: Orientation): boolean {
  return orientation.quarter === 0 && !orientation.flip && !orientation.flop;
}

/** True when the orientation swaps width and height (a quarter or three-quarter turn). */
export function swapsSides(orientation: Orientation): boolean {
  return orientation.quarter % 2 === 1;
}

/** The size of the oriented image. */
export function orientSize(size: Size, orientation: Orientation): Size {
  return swapsSides(orientation) ? { width: size.height, height: size.width } : { width: size.width, height: size.height };
}

/** The size in the source frame whose oriented image is `size` (the inverse of orientSize: the same swap). */
export function unorientSize(size: Size, orientation: Orientation): Size {
  return orientSize(size, orientation);
}

/** A point of the source (in continuous pixel coordinates) as it lands on the oriented image. */
export function orientPoint(point: Point, source: Size, orientation: Orientation): Point {
  let { x, y } = point;
  if (orientation.flop) x = source.width - x;
  if (orientation.flip) y = source.height - y;
  let size: Size = source;
  for (let turn = 0; turn < orientation.quarter; turn += 1) {
    // One clockwise quarter turn: the left edge becomes the top edge.
    [x, y] = [size.height - y, x];
    size = { width: size.height, height: size.width };
  }
  return { x, y };
}

/** A rectangle of the source as it lands on the oriented image (exact: right angles map pixel edges onto pixel edges). */
export function orientRect(rect: Rect, source: Size, orientation: Orientation): Rect {
  const a = orientPoint({ x: rect.x, y: rect.y }, source, orientation);
  const b = orientPoint({ x: rect.x + rect.width, y: rect.y + rect.height }, source, orientation);
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(b.x - a.x), height: Math.abs(b.y - a.y) };
}

const ALL: readonly Orientation[] = [0, 1, 2, 3].flatMap((quarter) =>
  [false, true].flatMap((flip) => [false, true].map((flop) => ({ quarter: quarter as Orientation['quarter'], flip, flop }))),
);

/** The orientation that undoes `orientation` (maps the oriented image back onto the source). */
export function inverseOrientation(orientation: Orientation): Orientation {
  // Found among the eight right-angle orientations by where it sends a probe that no symmetry fixes.
  const probe: Size = { width: 3, height: 2 };
  const point = { x: 0.5, y: 0.25 };
  const there = orientPoint(point, probe, orientation);
  const back = ALL.find((candidate) => {
    const p = orientPoint(there, orientSize(probe, orientation), candidate);
    return Math.abs(p.x - point.x) < 1e-9 && Math.abs(p.y - point.y) < 1e-9;
  });
  if (back === undefined) throw new Error('unreachable: every orientation has an inverse');
  return back;
}
