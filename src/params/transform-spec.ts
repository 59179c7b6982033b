import type { Focus } from './focus.js';
import type { Operations } from './operations.js';
import type { Fit, FormatRequest } from './vocabulary.js';

/** Rounds a device pixel ratio to 2 decimals: plenty for a screen, and it keeps the cache key small. */
export function roundDpr(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * A validated, frozen render request. `width`/`height` are CSS pixels before `dpr`;
 * `focus` says what decides a crop (resolved once, by parseTransform: `fp` wins over `gravity`).
 */
export interface TransformSpec {
  readonly width: number | undefined;
  readonly height: number | undefined;
  readonly dpr: number;
  readonly fit: Fit;
  readonly focus: Focus;
  readonly format: FormatRequest;
  readonly quality: number | undefined;
  readonly debug: boolean;
  /** Orientation, filters and canvas (`rot flip blur sharpen trim bg pad upscale`). */
  readonly operations: Operations;
  /** `frame=N`: render this one frame of an animation (1 is the first); absent, an animation stays animated. */
  readonly frame?: number | undefined;
}

/** Output pixel size after `dpr`, or undefined for a side the caller left free. */
export function outputSize(spec: TransformSpec): { width: number | undefined; height: number | undefined } {
  const scale = (v: number | undefined) => (v === undefined ? undefined : Math.max(1, Math.round(v * spec.dpr)));
  return { width: scale(spec.width), height: scale(spec.height) };
}

/** Padding in output pixels (after `dpr`), or undefined for none. */
export function outputPadding(spec: TransformSpec): { top: number; right: number; bottom: number; left: number } | undefined {
  const { pad } = spec.operations;
  if (pad === undefined) return undefined;
  const scale = (v: number) => Math.round(v * spec.dpr);
  return { top: scale(pad.top), right: scale(pad.right), bottom: scale(pad.bottom), left: scale(pad.left) };
}
