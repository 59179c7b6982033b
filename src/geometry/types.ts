/** Sizes, points and rectangles in pixels (source pixels unless a name says otherwise). */
export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Rect extends Point, Size {}

/** A detected box with its confidence, in source pixels. */
export interface ScoredBox extends Rect {
  readonly score: number;
}

export function rectCentre(rect: Rect): Point {
  return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
}

export function containsRect(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** An object found by the object detector: what it is, where (source pixels) and how sure. */
export interface DetectedObject {
  /** A COCO class name (`person`, `cat`, `bus`, …). */
  readonly label: string;
  readonly box: Rect;
  readonly score: number;
}
