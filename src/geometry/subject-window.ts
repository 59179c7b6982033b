import { largestWindow } from './focal-window.js';
import { clamp, type Rect, type Size } from './types.js';

/** The smallest rectangle holding all the given ones. */
export function unionRect(rects: readonly Rect[]): Rect {
  const x0 = Math.min(...rects.map((r) => r.x));
  const y0 = Math.min(...rects.map((r) => r.y));
  const x1 = Math.max(...rects.map((r) => r.x + r.width));
  const y1 = Math.max(...rects.map((r) => r.y + r.height));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** True when a rectangle of `inner` size fits inside one of `outer` size. */
export function fitsIn(inner: Size, outer: Size): boolean {
  return inner.width <= outer.width && inner.height <= outer.height;
}

/**
 * Where a window of `length` starts on one axis: centred on the subject when it fits; when the
 * subject is longer than the window, anywhere inside the subject keeps the most of it, so it
 * stays centred but is pulled to keep `keep` (a face) whole; then clamped inside the source.
 */
function startOnAxis(subject: [number, number], keep: [number, number] | null, length: number, sourceLength: number): number {
  let start = (subject[0] + subject[1]) / 2 - length / 2;
  if (subject[1] - subject[0] > length) start = clamp(start, subject[0], subject[1] - length);
  if (keep !== null && keep[1] - keep[0] <= length) start = clamp(start, keep[1] - length, keep[0]);
  return clamp(Math.round(start), 0, sourceLength - length);
}

/**
 * The largest window of the target aspect that frames `subject` (source pixels): centred on it
 * when it fits, otherwise covering as much of it as a window can while keeping `keep` (a part
 * that must stay whole, such as a face) inside. Depends only on the aspect of `target`.
 */
export function subjectWindow(source: Size, target: Size, subject: Rect, keep: Rect | null = null): Rect {
  const size = largestWindow(source, target);
  const x = startOnAxis([subject.x, subject.x + subject.width], keep && [keep.x, keep.x + keep.width], size.width, source.width);
  const y = startOnAxis([subject.y, subject.y + subject.height], keep && [keep.y, keep.y + keep.height], size.height, source.height);
  return { x, y, width: size.width, height: size.height };
}
