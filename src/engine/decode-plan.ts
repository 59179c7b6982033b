import type { Size } from '../geometry/types.js';
import type { Fit } from '../params/vocabulary.js';
import type { SourceInfo } from './source-info.js';

/** One sharp `resize()` as a render calls it: both sides, or one side (the other follows the aspect). */
export interface ResizeCall {
  readonly width: number | null;
  readonly height: number | null;
  readonly fit: Fit;
}

/** How a render decodes its source: straight into its one pipeline, or from the source's decoded intermediate. */
export type DecodePlan =
  | { readonly kind: 'direct' }
  | {
      readonly kind: 'intermediate';
      /** The intermediate is the source shrunk this many times (2, 3, 5 or 9): one cache entry per source and shrink. */
      readonly shrink: number;
      readonly width: number;
      readonly height: number;
    };

/**
 * Lower edges of sharp's JPEG shrink-on-load classes, largest first. sharp 0.35 (src/pipeline.cc) loads a
 * JPEG at 1/8 from a shrink of 9, at 1/4 from 5, at 1/2 from 3 and whole below that: it picks 2, 4 or 8
 * from the shrink, then halves the pick when the shrink's integer part equals it (libjpeg rounding).
 * The source shrunk by a class's edge is decoded by sharp with that class's shrink-on-load, and it is the
 * largest image every resize of the class can be cut from without enlarging.
 */
export const SHRINK_CLASSES = [9, 5, 3, 2] as const;

/** An intermediate above this many pixels (18 MB of RGB) costs more memory than skipping a decode saves. */
export const MAX_INTERMEDIATE_PIXELS = 6_000_000;

export const DIRECT_PLAN: DecodePlan = Object.freeze({ kind: 'direct' });

/**
 * True when an intermediate of this source renders like the direct decode: an 8-bit three-band sRGB JPEG.
 * Its ICC profile is applied while the intermediate is made (as sharp does before resizing) and EXIF
 * orientation by autoOrient in the same step. CMYK, grey, 16-bit and alpha sources decode directly.
 */
export function isIntermediateEligible(source: SourceInfo): boolean {
  return source.format === 'jpeg' && source.channels === 3 && source.depth === 'uchar' && source.space === 'srgb' && !source.hasAlpha;
}

/** Each axis' shrink for a resize once the fit joins them (sharp's ResolveShrink in src/common.cc, without enlargement options). */
function resolveShrink(source: Size, resize: ResizeCall): readonly [number, number] {
  const h = resize.width === null ? null : source.width / resize.width;
  const v = resize.height === null ? null : source.height / resize.height;
  let shrinks: [number, number] = [1, 1];
  if (h !== null && v !== null) {
    const joined = resize.fit === 'cover' || resize.fit === 'outside' ? Math.min(h, v) : Math.max(h, v);
    shrinks = resize.fit === 'fill' ? [h, v] : [joined, joined];
  } else if (h !== null) shrinks = [h, resize.fit === 'fill' ? 1 : h];
  else if (v !== null) shrinks = [resize.fit === 'fill' ? 1 : v, v];
  return [Math.min(shrinks[0], source.width), Math.min(shrinks[1], source.height)];
}

/** The shrink sharp computes for a resize before it picks a shrink-on-load: the smaller axis' shrink. */
export function resizeShrink(source: Size, resize: ResizeCall): number {
  return Math.min(...resolveShrink(source, resize));
}

/** sharp's JPEG shrink-on-load for a shrink (see SHRINK_CLASSES). */
export function jpegShrinkOnLoad(shrink: number): 1 | 2 | 4 | 8 {
  if (shrink >= 9) return 8;
  if (shrink >= 5) return 4;
  return shrink >= 3 ? 2 : 1;
}

/** One side after libvips' resize by 1/shrink: its reduce rounds `side / (1 / scale)` half up, and keeps at least one pixel. */
function reducedSide(side: number, shrink: number): number {
  const scale = Math.max(1 / shrink, 1 / side);
  return scale >= 1 ? side : Math.floor(side / (1 / scale) + 0.5);
}

/**
 * The size sharp shrinks a JPEG of `source`'s size to, before any crop or embed: libjpeg loads it at
 * 1/n (whole pixels, rounded down, as libvips reports them), sharp resolves the shrink again on that, and
 * libvips' reduce rounds each side (sharp 0.35 / libvips 8.18; test/engine/decode-plan.test.ts checks it).
 */
export function resizedSize(source: Size, resize: ResizeCall): Size {
  const load = jpegShrinkOnLoad(resizeShrink(source, resize));
  const loaded = { width: Math.floor(source.width / load), height: Math.floor(source.height / load) };
  const [h, v] = resolveShrink(loaded, resize);
  return { width: reducedSide(loaded.width, h), height: reducedSide(loaded.height, v) };
}

/**
 * Decides, from the source's header and the render's resize alone (so every instance decides alike, cached
 * or not), whether the render goes through the source's decoded intermediate, and which one.
 */
export function planDecode(source: SourceInfo, resize: ResizeCall | null): DecodePlan {
  if (resize === null || !isIntermediateEligible(source)) return DIRECT_PLAN;
  const shrink = resizeShrink(source, resize);
  const edge = SHRINK_CLASSES.find((candidate) => shrink >= candidate);
  if (edge === undefined) return DIRECT_PLAN;
  const width = Math.floor(source.width / edge);
  const height = Math.floor(source.height / edge);
  // Rounding can make the resized image a pixel larger than the intermediate on tiny or extreme shapes: decode those directly.
  const resized = resizedSize(source, resize);
  const fits = width >= resized.width && height >= resized.height;
  if (!fits || width * height > MAX_INTERMEDIATE_PIXELS) return DIRECT_PLAN;
  return { kind: 'intermediate', shrink: edge, width, height };
}
