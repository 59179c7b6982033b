import type { Mark } from './mark.js';
import type { Flip } from './vocabulary.js';

/** Padding added around the rendered image, in CSS pixels (scaled by `dpr` like `w` and `h`). */
export interface Padding {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/**
 * What a render does besides sizing and cropping: orientation, filters and canvas. Every field is in
 * its canonical form (rot in 0–359, colour as 8 lowercase hex digits), so equal operations compare equal.
 */
export interface Operations {
  /** Clockwise degrees, 0–359: right angles orient the image before cropping; any other angle turns the output. */
  readonly rotate: number;
  readonly flip: Flip | undefined;
  /** Gaussian blur sigma. */
  readonly blur: number | undefined;
  /** Sharpening sigma. */
  readonly sharpen: number | undefined;
  /** Trim a border of one colour, with this threshold (0–255). */
  readonly trim: number | undefined;
  /** `rrggbbaa`: the fill for contain, padding, rotation and flattening to JPEG. */
  readonly background: string | undefined;
  readonly pad: Padding | undefined;
  /** False (`upscale=0`): never larger than the source. */
  readonly upscale: boolean;
  /** A watermark drawn over the finished output (`mark=`). */
  readonly mark: Mark | undefined;
}

export const NO_OPERATIONS: Operations = Object.freeze({
  rotate: 0,
  flip: undefined,
  blur: undefined,
  sharpen: undefined,
  trim: undefined,
  background: undefined,
  pad: undefined,
  upscale: true,
  mark: undefined,
});

/** The contain fill when no `bg` is given: transparent, which a format without alpha shows as black (as before). */
export const DEFAULT_CONTAIN_BACKGROUND = '00000000';

/** `pad` as written in a URL: one value when all four sides agree, else top,right,bottom,left. */
export function formatPadding(pad: Padding): string {
  const { top, right, bottom, left } = pad;
  return top === right && right === bottom && bottom === left ? String(top) : `${top},${right},${bottom},${left}`;
}

/** The colour as sharp takes it. */
export function rgba(hex: string): { r: number; g: number; b: number; alpha: number } {
  const byte = (at: number) => Number.parseInt(hex.slice(at, at + 2), 16);
  return { r: byte(0), g: byte(2), b: byte(4), alpha: Math.round((byte(6) / 255) * 1000) / 1000 };
}

/** A contain fit without `bg` fills with transparency: written into the spec so the cache key names it. */
export function withContainDefault(operations: Operations, fit: string, crops: boolean): Operations {
  if (operations.background !== undefined || fit !== 'contain' || !crops) return operations;
  return Object.freeze({ ...operations, background: DEFAULT_CONTAIN_BACKGROUND });
}
