import type { NormalisedPoint } from '../geometry/normalised-point.js';
import type { Fit, FormatRequest, Gravity } from './vocabulary.js';

/** Rounds a device pixel ratio to 2 decimals: plenty for a screen, and it keeps the cache key small. */
export function roundDpr(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * A validated, frozen render request. `width`/`height` are CSS pixels before `dpr`;
 * `gravity` is undefined when the caller named none (the stored focal point, else centre, applies).
 */
export interface TransformSpec {
  readonly width: number | undefined;
  readonly height: number | undefined;
  readonly dpr: number;
  readonly fit: Fit;
  readonly gravity: Gravity | undefined;
  readonly fp: NormalisedPoint | undefined;
  readonly format: FormatRequest;
  readonly quality: number | undefined;
  readonly debug: boolean;
}

/** Output pixel size after `dpr`, or undefined for a side the caller left free. */
export function outputSize(spec: TransformSpec): { width: number | undefined; height: number | undefined } {
  const scale = (v: number | undefined) => (v === undefined ? undefined : Math.max(1, Math.round(v * spec.dpr)));
  return { width: scale(spec.width), height: scale(spec.height) };
}
