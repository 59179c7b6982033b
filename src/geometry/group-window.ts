import { largestWindow } from './focal-window.js';
import { clamp, type Rect, type ScoredBox, type Size } from './types.js';

/** A window chosen to keep a group of boxes (faces), and what it keeps. */
export interface GroupWindow {
  readonly window: Rect;
  /** The boxes wholly inside the window, the anchor (when there is one) first, then best score first. */
  readonly kept: readonly ScoredBox[];
}

export interface GroupWindowOptions {
  /** This box must be kept whole whenever it fits; the others are kept around it as far as they fit. */
  readonly anchor?: ScoredBox;
  /**
   * Where the kept boxes sit when the window slides vertically, as the share of the free space
   * left above them (0.5 centres them), at most GROUP_WINDOW_DEFAULTS.hairRoom of the top face's
   * height. Faces have bodies below them, so less than half keeps more of the people.
   */
  readonly headroom?: number;
}

export const GROUP_WINDOW_DEFAULTS = {
  /**
   * A third of the free height above the faces, two thirds below: the faces sit high, as in a
   * portrait, and the window shows the people's shoulders and bodies rather than the air above them.
   */
  headroom: 1 / 3,
  /**
   * ...but never more room above the top face than this share of its height: the detector's box
   * runs from the brow to the chin, and the hair above it is about this much. A tall window then
   * shows the person below the face, not the background above the head.
   */
  hairRoom: 0.4,
} as const;

function topFaceHeight(spans: readonly Span[]): number {
  const top = spans.reduce((a, b) => (b.box.y < a.box.y ? b : a));
  return top.box.height;
}

interface Span {
  /** The window offsets (along the sliding axis) at which the box is wholly inside. */
  readonly lo: number;
  readonly hi: number;
  readonly start: number;
  readonly end: number;
  readonly box: ScoredBox;
}

/**
 * The largest window of the target aspect that keeps the most boxes whole (and the anchor, when
 * given); among windows keeping equally many, the one keeping the most box area, then the most
 * score. The kept boxes are centred across the window and placed high in it when it slides
 * vertically (GROUP_WINDOW_DEFAULTS.headroom). Pure; returns null when no box (or the anchor) fits.
 */
export function groupWindow(source: Size, target: Size, boxes: readonly ScoredBox[], options: GroupWindowOptions = {}): GroupWindow | null {
  const size = largestWindow(source, target);
  // One side of the largest window is a whole side of the source, so it slides along one axis only.
  const horizontal = size.width < source.width;
  const length = horizontal ? size.width : size.height;
  const travel = horizontal ? source.width - size.width : source.height - size.height;
  const spans: Span[] = [];
  for (const box of boxes) {
    const start = horizontal ? box.x : box.y;
    const end = start + (horizontal ? box.width : box.height);
    const lo = Math.max(0, Math.ceil(end - length));
    const hi = Math.min(travel, Math.floor(start));
    // The window spans the whole source across, so a box fits across unless it sticks out of the source.
    const crossStart = horizontal ? box.y : box.x;
    const crossEnd = crossStart + (horizontal ? box.height : box.width);
    const crossFits = crossStart >= 0 && crossEnd <= (horizontal ? source.height : source.width);
    if (lo <= hi && crossFits) spans.push({ lo, hi, start, end, box });
  }
  const anchor = options.anchor === undefined ? undefined : spans.find((s) => s.box === options.anchor);
  if (options.anchor !== undefined && anchor === undefined) return null;
  if (spans.length === 0) return null;

  // Every optimum of an interval-stabbing count lies at some interval's left end (within the anchor's range).
  const candidates = anchor === undefined ? spans.map((s) => s.lo) : [anchor.lo, ...spans.map((s) => s.lo).filter((lo) => lo >= anchor.lo && lo <= anchor.hi)];
  let best: { count: number; area: number; score: number; kept: Span[] } | null = null;
  for (const offset of candidates) {
    const kept = spans.filter((s) => s.lo <= offset && offset <= s.hi);
    const area = kept.reduce((sum, s) => sum + s.box.width * s.box.height, 0);
    const score = kept.reduce((sum, s) => sum + s.box.score, 0);
    // Equal counts: the more confident set first (a large low-score box is more often texture than a face), then the larger.
    if (best === null || kept.length > best.count || (kept.length === best.count && (score > best.score + 1e-9 || (Math.abs(score - best.score) <= 1e-9 && area > best.area + 1e-6)))) {
      best = { count: kept.length, area, score, kept };
    }
  }
  if (best === null) return null;
  const lo = Math.max(...best.kept.map((s) => s.lo));
  const hi = Math.min(...best.kept.map((s) => s.hi));
  const first = Math.min(...best.kept.map((s) => s.start));
  const last = Math.max(...best.kept.map((s) => s.end));
  const free = length - (last - first);
  const above = horizontal ? free / 2 : Math.min(free * (options.headroom ?? GROUP_WINDOW_DEFAULTS.headroom), topFaceHeight(best.kept) * GROUP_WINDOW_DEFAULTS.hairRoom);
  const preferred = clamp(Math.round(first - above), lo, hi);
  const offset = slideTowardOthers(spans, best.kept, length, lo, hi, preferred);
  const window: Rect = horizontal
    ? { x: offset, y: 0, width: size.width, height: size.height }
    : { x: 0, y: offset, width: size.width, height: size.height };
  const kept = best.kept.map((s) => s.box).sort((a, b) => (a === options.anchor ? -1 : b === options.anchor ? 1 : b.score - a.score));
  return { window, kept };
}

/** The box area (along the sliding axis, times the box's cross size) inside a window at `offset`. */
function areaInside(span: Span, offset: number, length: number): number {
  const inside = Math.max(0, Math.min(span.end, offset + length) - Math.max(span.start, offset));
  const cross = span.box.width * span.box.height / Math.max(1e-9, span.end - span.start);
  return inside * cross;
}

/**
 * Within [lo, hi] (where the kept boxes stay whole), the offset that shows the most of the boxes
 * left out (a neighbour cut by the edge is still mostly seen), nearest `preferred` among equals.
 * The shown area is piecewise linear in the offset, so its maximum is at `preferred` or at an
 * offset where a window edge meets a box edge.
 */
function slideTowardOthers(spans: readonly Span[], kept: readonly Span[], length: number, lo: number, hi: number, preferred: number): number {
  const others = spans.filter((s) => !kept.includes(s));
  if (others.length === 0) return preferred;
  const candidates = [preferred, lo, hi];
  for (const s of others) candidates.push(Math.floor(s.start), Math.ceil(s.end - length), Math.ceil(s.end), Math.floor(s.start - length));
  let best = preferred;
  let bestArea = -1;
  for (const raw of candidates) {
    const offset = clamp(raw, lo, hi);
    const area = others.reduce((sum, s) => sum + areaInside(s, offset, length), 0);
    if (area > bestArea + 1e-6 || (Math.abs(area - bestArea) <= 1e-6 && Math.abs(offset - preferred) < Math.abs(best - preferred))) {
      best = offset;
      bestArea = area;
    }
  }
  return best;
}
