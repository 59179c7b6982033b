import type { TransformSpec } from './transform-spec.js';

/** The CDN parameters a spec is written back as, in canonical order. */
export const CANONICAL_PARAMS = ['w', 'h', 'dpr', 'fit', 'gravity', 'fp', 'f', 'q', 'debug'] as const;
export type CanonicalParam = (typeof CANONICAL_PARAMS)[number];

/**
 * A spec as CDN parameters in the order of {@link CANONICAL_PARAMS}, leaving out what cannot change the
 * pixels: `dpr` 1, `fit` unless both sides are fixed, `gravity`/`fp` unless that fit is `cover` (the only
 * one that crops), and `gravity` when an `fp` wins over it. `f` is always spelled out.
 */
export function canonicalParams(spec: TransformSpec): ReadonlyArray<readonly [CanonicalParam, string]> {
  const params: Array<readonly [CanonicalParam, string]> = [];
  if (spec.width !== undefined) params.push(['w', String(spec.width)]);
  if (spec.height !== undefined) params.push(['h', String(spec.height)]);
  if (spec.dpr !== 1) params.push(['dpr', String(spec.dpr)]);
  const crops = spec.width !== undefined && spec.height !== undefined;
  if (crops) params.push(['fit', spec.fit]);
  if (crops && spec.fit === 'cover') {
    if (spec.fp !== undefined) params.push(['fp', `${spec.fp.x},${spec.fp.y}`]);
    else if (spec.gravity !== undefined) params.push(['gravity', spec.gravity]);
  }
  params.push(['f', spec.format]);
  if (spec.quality !== undefined) params.push(['q', String(spec.quality)]);
  if (spec.debug) params.push(['debug', '1']);
  return params;
}

/**
 * The canonical string form of a spec: fixed order, defaults spelled out, no unknown parameters.
 * Two requests that render the same bytes share this string; it is the cache key's parameter part.
 */
export function canonicalKey(spec: TransformSpec): string {
  return canonicalParams(spec)
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}
