import { roundNormalised } from './normalised-point.js';
import { clamp, type Point, type Rect, type Size } from './types.js';

/**
 * The largest window with the aspect ratio of `target` that fits inside `source`.
 * The long side is the whole source side; the other is rounded to the nearest pixel.
 */
export function largestWindow(source: Size, target: Size): Size {
  // Cross-multiplied to compare aspects without floating-point division.
  if (source.width * target.height >= source.height * target.width) {
    const width = Math.min(source.width, Math.max(1, Math.round((source.height * target.width) / target.height)));
    return { width, height: source.height };
  }
  const height = Math.min(source.height, Math.max(1, Math.round((source.width * target.height) / target.width)));
  return { width: source.width, height };
}

/** Places a window of `size` so its centre is as close to `centre` as the source allows. */
export function placeWindow(source: Size, size: Size, centre: Point): Rect {
  return {
    x: clamp(Math.round(centre.x - size.width / 2), 0, source.width - size.width),
    y: clamp(Math.round(centre.y - size.height / 2), 0, source.height - size.height),
    width: size.width,
    height: size.height,
  };
}

/**
 * The focal-point crop: the largest window of the target aspect, centred on `point`
 * (source pixels), clamped inside the source. Depends only on the aspect of `target`,
 * so every output size of one aspect cuts the same source window.
 */
export function focalWindow(source: Size, target: Size, point: Point): Rect {
  return placeWindow(source, largestWindow(source, target), point);
}

/** Converts a normalised point (0..1 on each axis) to source pixels. */
export function toSourcePoint(source: Size, point: Point): Point {
  return { x: point.x * source.width, y: point.y * source.height };
}

/** Converts a source-pixel point to normalised coordinates, rounded to 4 decimals. */
export function toNormalisedPoint(source: Size, point: Point): Point {
  return { x: roundNormalised(clamp(point.x / source.width, 0, 1)), y: roundNormalised(clamp(point.y / source.height, 0, 1)) };
}
