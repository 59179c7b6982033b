import { strictDecimal } from '../params/query-values.js';

/** Reads `16:9`, `1.5:1` or `1.78` as width ÷ height, or undefined when it is not a positive ratio. */
export function parseAspectRatio(raw: string): number | undefined {
  const parts = raw.split(':');
  if (parts.length > 2) return undefined;
  const width = strictDecimal(parts[0] ?? '');
  const height = parts.length === 2 ? strictDecimal(parts[1] ?? '') : 1;
  if (width === undefined || height === undefined || width <= 0 || height <= 0) return undefined;
  return width / height;
}

/** The other side of a box of this ratio, rounded like both dialects round (to the nearest pixel, at least 1). */
export function otherSide(side: number, ratio: number, given: 'width' | 'height'): number {
  return Math.max(1, Math.round(given === 'width' ? side / ratio : side * ratio));
}

/** The largest box of this ratio inside a source, in source pixels. */
export function largestBox(ratio: number, source: { width: number; height: number }): { width: number; height: number } {
  if (source.width / source.height > ratio) {
    return { width: Math.max(1, Math.round(source.height * ratio)), height: source.height };
  }
  return { width: source.width, height: Math.max(1, Math.round(source.width / ratio)) };
}
