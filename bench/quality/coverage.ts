// The crop-quality metric of issue 11, as pure functions: how much of the labelled subject a
// window keeps, the best any window of the same aspect and size could keep, and whether a crop
// is a hit. Deliberately independent of src/geometry, so the bench does not grade the renderer
// with the renderer's own arithmetic.

/** A rectangle in source pixels. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Dimensions {
  readonly width: number;
  readonly height: number;
}

/** A crop keeps at least this share of the best achievable coverage to count as a hit. */
export const HIT_SHARE = 0.9;

/**
 * The largest window of the aspect `ratio` (width:height) that fits `image`: one side is the whole
 * image side, the other rounded to the nearest pixel (the size every Convertly crop cuts).
 */
export function maxWindowSize(image: Dimensions, ratio: Dimensions): Dimensions {
  if (image.width * ratio.height >= image.height * ratio.width) {
    return { width: Math.min(image.width, Math.max(1, Math.round((image.height * ratio.width) / ratio.height))), height: image.height };
  }
  return { width: image.width, height: Math.min(image.height, Math.max(1, Math.round((image.width * ratio.height) / ratio.width))) };
}

function overlap1d(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

function area(box: Box): number {
  return Math.max(0, box.width) * Math.max(0, box.height);
}

/**
 * The share of the boxes' summed area inside `window` (0..1). Boxes are counted as given, so
 * overlapping labels count twice; the labelled sets here do not overlap. 0 for no boxes.
 */
export function coverage(window: Box, boxes: readonly Box[]): number {
  let total = 0;
  let inside = 0;
  for (const box of boxes) {
    total += area(box);
    inside +=
      overlap1d(window.x, window.x + window.width, box.x, box.x + box.width) *
      overlap1d(window.y, window.y + window.height, box.y, box.y + box.height);
  }
  return total > 0 ? inside / total : 0;
}

/**
 * Every window offset along one axis where coverage can peak. Coverage is piecewise linear in
 * the offset, with kinks only where a window edge meets a box edge, so the maximum is at one of
 * these offsets (or at the ends of the slide): checking them is the same as sliding pixel by pixel.
 */
function candidateOffsets(starts: readonly number[], ends: readonly number[], windowSide: number, imageSide: number): number[] {
  const last = imageSide - windowSide;
  const raw = [0, last];
  for (const s of starts) raw.push(s, s - windowSide);
  for (const e of ends) raw.push(e, e - windowSide);
  const clamped = raw.flatMap((v) => [Math.floor(v), Math.ceil(v)]).map((v) => Math.min(last, Math.max(0, v)));
  return [...new Set(clamped)];
}

/** The best coverage any window of `size` inside `image` achieves, and one window that achieves it. */
export function bestCoverage(image: Dimensions, size: Dimensions, boxes: readonly Box[]): { coverage: number; window: Box } {
  const xs = candidateOffsets(boxes.map((b) => b.x), boxes.map((b) => b.x + b.width), size.width, image.width);
  const ys = candidateOffsets(boxes.map((b) => b.y), boxes.map((b) => b.y + b.height), size.height, image.height);
  let best = { coverage: -1, window: { x: 0, y: 0, ...size } as Box };
  for (const x of xs) {
    for (const y of ys) {
      const window = { x, y, width: size.width, height: size.height };
      const value = coverage(window, boxes);
      if (value > best.coverage) best = { coverage: value, window };
    }
  }
  return { ...best, coverage: Math.max(0, best.coverage) };
}

/** A crop is a hit when it keeps at least HIT_SHARE of the best achievable coverage. */
export function isHit(achieved: number, best: number, share = HIT_SHARE): boolean {
  if (best <= 0) return true;
  // A hair of tolerance so a window equal to the best one never misses on float rounding.
  return achieved >= share * best - 1e-9;
}
