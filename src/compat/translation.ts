import { invalidParameter } from '../errors/app-error.js';
import { parseTransform } from '../params/parse-transform.js';
import type { TransformSpec } from '../params/transform-spec.js';
import { buildConvertlyQuery, type RenderDraft } from './convertly-query.js';
export type { RenderDraft } from './convertly-query.js';

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

/** A translation with the spec its `query` parses to, for callers that render it rather than print it. */
export interface SpecTranslation {
  readonly translation: ConvertlyTranslation;
  /** What `parseTransform(translation.query)` returns: the spec the `/cdn/` URL renders. */
  readonly spec: TransformSpec;
}

/** Options shared by both dialects. */
export interface TranslateOptions {
  readonly sourceSize?: SourceSize;
}

/** The mutable record of notes and unsupported parameters a translation collects on its way. */
export interface TranslationLog {
  readonly notes: string[];
  readonly unsupported: UnsupportedParam[];
  needsSourceSize: boolean;
}

function assertSourceSize(size: SourceSize | undefined): void {
  if (size === undefined) return;
  const valid = (side: number) => Number.isSafeInteger(side) && side >= 1;
  if (!valid(size.width) || !valid(size.height)) {
    throw invalidParameter('sourceSize', 'a width and height in whole pixels, at least 1', `${size.width}×${size.height}`);
  }
}

/** Checks the options and starts an empty translation log. @throws invalid_parameter naming `sourceSize` */
export function startTranslation(options: TranslateOptions): TranslationLog {
  assertSourceSize(options.sourceSize);
  return { notes: [], unsupported: [], needsSourceSize: false };
}

/**
 * Writes the draft as Convertly parameters and freezes the translation with the spec they parse to.
 * The translation must always be a URL Convertly serves, so `parseTransform` has the last word (w×dpr limits).
 * @throws invalid_parameter from `parseTransform` when the draft is outside Convertly's range
 */
export function finishTranslation(draft: RenderDraft, log: TranslationLog): SpecTranslation {
  const query = buildConvertlyQuery(draft);
  const spec = parseTransform(query);
  const translation = Object.freeze({
    query: Object.freeze(query),
    notes: Object.freeze([...log.notes]),
    unsupported: Object.freeze([...log.unsupported]),
    needsSourceSize: log.needsSourceSize,
  });
  return Object.freeze({ translation, spec });
}
