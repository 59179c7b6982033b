import { clamp, type Rect, type ScoredBox, type Size } from './types.js';
import { largestWindow } from './focal-window.js';

export interface FacesWindow {
  readonly window: Rect;
  /** The boxes wholly inside the window, best score first. */
  readonly kept: readonly ScoredBox[];
}

interface Interval {
  readonly lo: number;
  readonly hi: number;
  readonly box: ScoredBox;
}

/**
 * The largest window of the target aspect that keeps the greatest total face score
 * (so the most confident faces) wholly inside it; among equal choices, the one centred
 * on the kept faces. Returns null when no face fits in any window.
 */
export function facesWindow(source: Size, target: Size, boxes: readonly ScoredBox[]): FacesWindow | null {
  const size = largestWindow(source, target);
  // The window slides along one axis only: the one where the source is longer than the window.
  const horizontal = size.width < source.width;
  const length = horizontal ? size.width : size.height;
  const travel = horizontal ? source.width - size.width : source.height - size.height;
  const cross = horizontal ? source.height - size.height : source.width - size.width;
  const crossOffset = Math.floor(cross / 2);
  const crossLength = horizontal ? size.height : size.width;
  const intervals: Interval[] = [];
  for (const box of boxes) {
    const start = horizontal ? box.x : box.y;
    const end = start + (horizontal ? box.width : box.height);
    const lo = Math.max(0, Math.ceil(end - length));
    const hi = Math.min(travel, Math.floor(start));
    // Position, not just size: a box sticking out of the source on the fixed axis is never wholly inside.
    const crossStart = horizontal ? box.y : box.x;
    const crossEnd = crossStart + (horizontal ? box.height : box.width);
    const crossFits = crossStart >= crossOffset && crossEnd <= crossOffset + crossLength;
    if (lo <= hi && crossFits) intervals.push({ lo, hi, box });
  }
  if (intervals.length === 0) return null;

  let best: { score: number; count: number; lo: number; hi: number; kept: Interval[] } | null = null;
  for (const candidate of intervals) {
    // Every optimum of an interval-stabbing sum lies at some interval's left end.
    const kept = intervals.filter((i) => i.lo <= candidate.lo && candidate.lo <= i.hi);
    const score = kept.reduce((sum, i) => sum + i.box.score, 0);
    if (best === null || score > best.score + 1e-9 || (Math.abs(score - best.score) <= 1e-9 && kept.length > best.count)) {
      const lo = Math.max(...kept.map((i) => i.lo));
      const hi = Math.min(...kept.map((i) => i.hi));
      best = { score, count: kept.length, lo, hi, kept };
    }
  }
  if (best === null) return null;
  const starts = best.kept.map((i) => (horizontal ? i.box.x : i.box.y));
  const ends = best.kept.map((i) => (horizontal ? i.box.x + i.box.width : i.box.y + i.box.height));
  const centre = (Math.min(...starts) + Math.max(...ends)) / 2;
  const offset = clamp(Math.round(centre - length / 2), best.lo, best.hi);
  const window: Rect = horizontal
    ? { x: offset, y: crossOffset, width: size.width, height: size.height }
    : { x: crossOffset, y: offset, width: size.width, height: size.height };
  const kept = best.kept.map((i) => i.box).sort((a, b) => b.score - a.score);
  return { window, kept };
}
