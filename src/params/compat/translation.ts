import { invalidParameter } from '../../errors/app-error.js';
import type { Fit, FormatRequest, Gravity } from '../vocabulary.js';
import type { NormalisedPoint } from '../transform-spec.js';

/** The pixel size of the source image, when the caller knows it (the HTTP layer probes the file). */
export interface SourceSize {
  readonly width: number;
  readonly height: number;
}

/** A foreign parameter whose effect Convertly cannot reproduce; the rest of the URL is still translated. */
export interface UnsupportedParam {
  readonly param: string;
  readonly value: string;
  readonly reason: string;
  /** The Cloudinary component the action came from (absent for imgix). */
  readonly component?: string;
}

/** The outcome of translating one foreign URL's transformation into Convertly's CDN parameters. */
export interface ConvertlyTranslation {
  /** Convertly query parameters (`w h dpr fit gravity fp f q debug`) in that stable order. */
  readonly query: Readonly<Record<string, string>>;
  /** Where the result differs from the source dialect in a way that still renders (no upscaling guard, fallbacks). */
  readonly notes: readonly string[];
  /** Parameters that change the picture but that Convertly cannot express; they are left out of `query`. */
  readonly unsupported: readonly UnsupportedParam[];
  /** True when translating again with `sourceSize` would express more (relative sizes, pixel coordinates). */
  readonly needsSourceSize: boolean;
}

/** Options shared by both dialects. */
export interface TranslateOptions {
  readonly sourceSize?: SourceSize;
}

/** A Convertly render being assembled from a foreign dialect; every field optional, Convertly defaults apply. */
export interface RenderDraft {
  width?: number;
  height?: number;
  dpr?: number;
  fit?: Fit;
  gravity?: Gravity;
  fp?: NormalisedPoint;
  format?: FormatRequest;
  quality?: number;
  debug?: boolean;
}

/** The mutable record of notes and unsupported parameters a translation collects on its way. */
export interface TranslationLog {
  readonly notes: string[];
  readonly unsupported: UnsupportedParam[];
  needsSourceSize: boolean;
}

/** Starts an empty translation log. */
export function createTranslationLog(): TranslationLog {
  return { notes: [], unsupported: [], needsSourceSize: false };
}

/** Freezes a finished translation. */
export function finishTranslation(query: Record<string, string>, log: TranslationLog): ConvertlyTranslation {
  return Object.freeze({
    query: Object.freeze(query),
    notes: Object.freeze([...log.notes]),
    unsupported: Object.freeze([...log.unsupported]),
    needsSourceSize: log.needsSourceSize,
  });
}

/** Checks a caller-supplied source size. @throws invalid_parameter naming `sourceSize` */
export function assertSourceSize(size: SourceSize | undefined): void {
  if (size === undefined) return;
  const valid = (side: number) => Number.isSafeInteger(side) && side >= 1;
  if (!valid(size.width) || !valid(size.height)) {
    throw invalidParameter('sourceSize', 'a width and height in whole pixels, at least 1', `${size.width}×${size.height}`);
  }
}
