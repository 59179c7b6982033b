import { markParams } from './mark.js';
import { formatPadding } from './operations.js';
import type { TransformSpec } from './transform-spec.js';

/** The CDN parameters a spec is written back as, in canonical order. */
export const CANONICAL_PARAMS = [
  'w', 'h', 'dpr', 'fit', 'gravity', 'fp', 'frame', 'upscale', 'rot', 'flip', 'trim', 'blur', 'sharpen', 'bg', 'pad',
  'mark', 'markpos', 'markw', 'markalpha', 'markpad', 'f', 'q', 'debug',
] as const;
export type CanonicalParam = (typeof CANONICAL_PARAMS)[number];

/**
 * A spec as CDN parameters in the order of {@link CANONICAL_PARAMS}, leaving out what cannot change the
 * pixels: `dpr` 1, `fit` unless both sides are fixed, `gravity`/`fp` unless that fit is `cover` (the only
 * one that crops), and nothing for the stored focal point. `f` is always spelled out.
 */
export function canonicalParams(spec: TransformSpec): ReadonlyArray<readonly [CanonicalParam, string]> {
  const params: Array<readonly [CanonicalParam, string]> = [];
  if (spec.width !== undefined) params.push(['w', String(spec.width)]);
  if (spec.height !== undefined) params.push(['h', String(spec.height)]);
  if (spec.dpr !== 1) params.push(['dpr', String(spec.dpr)]);
  const crops = spec.width !== undefined && spec.height !== undefined;
  if (crops) params.push(['fit', spec.fit]);
  if (crops && spec.fit === 'cover') {
    const { focus } = spec;
    if (focus.kind === 'point') params.push(['fp', `${focus.point.x},${focus.point.y}`]);
    else if (focus.kind === 'gravity') params.push(['gravity', focus.name]);
  }
  if (spec.frame !== undefined) params.push(['frame', String(spec.frame)]);
  const { operations: ops } = spec;
  if (!ops.upscale) params.push(['upscale', '0']);
  if (ops.rotate !== 0) params.push(['rot', String(ops.rotate)]);
  if (ops.flip !== undefined) params.push(['flip', ops.flip]);
  if (ops.trim !== undefined) params.push(['trim', String(ops.trim)]);
  if (ops.blur !== undefined) params.push(['blur', String(ops.blur)]);
  if (ops.sharpen !== undefined) params.push(['sharpen', String(ops.sharpen)]);
  if (ops.background !== undefined) params.push(['bg', ops.background]);
  if (ops.pad !== undefined) params.push(['pad', formatPadding(ops.pad)]);
  if (ops.mark !== undefined) params.push(...markParams(ops.mark));
  params.push(['f', spec.format]);
  if (spec.quality !== undefined) params.push(['q', String(spec.quality)]);
  if (spec.debug) params.push(['debug', '1']);
  return params;
}

/**
 * Which engine renders the bytes, part of every key so that renditions cached by another pipeline are
 * never served (or revalidated) under the same ETag:
 * 1 — one fused sharp pipeline per render (a server with DECODE_CACHE_BYTES=0, and every build before
 *     2): the key is the bare canonical query, as it always was;
 * 2 — eligible JPEGs render from a decoded intermediate kept in memory (src/engine/decode-plan.ts).
 * Add a number whenever a spec can render different bytes.
 */
export type RenderPipeline = 1 | 2;
export const RENDER_PIPELINE_VERSION: RenderPipeline = 2;

/** A spec as a CDN query string: {@link canonicalParams} joined, a fixed point of parseTransform. */
export function canonicalQuery(spec: TransformSpec): string {
  return canonicalParams(spec)
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/**
 * The cache key's parameter part: the canonical query, behind the render pipeline's version from 2 on
 * (`r2:w=400&…`). Two requests that render the same bytes share this string.
 */
export function canonicalKey(spec: TransformSpec, pipeline: RenderPipeline = RENDER_PIPELINE_VERSION): string {
  return pipeline === 1 ? canonicalQuery(spec) : `r${pipeline}:${canonicalQuery(spec)}`;
}
