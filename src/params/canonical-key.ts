import type { TransformSpec } from './transform-spec.js';

/**
 * The canonical string form of a spec: fixed order, defaults spelled out, no unknown parameters.
 * Two requests that render the same bytes share this string; it is the cache key's parameter part.
 */
export function canonicalKey(spec: TransformSpec): string {
  const parts: string[] = [];
  if (spec.width !== undefined) parts.push(`w=${spec.width}`);
  if (spec.height !== undefined) parts.push(`h=${spec.height}`);
  if (spec.dpr !== 1) parts.push(`dpr=${spec.dpr}`);
  // fit and gravity only matter when both sides are fixed (a crop can happen).
  const crops = spec.width !== undefined && spec.height !== undefined;
  if (crops) parts.push(`fit=${spec.fit}`);
  if (crops && spec.fit === 'cover') {
    if (spec.fp !== undefined) parts.push(`fp=${spec.fp.x},${spec.fp.y}`);
    else if (spec.gravity !== undefined) parts.push(`gravity=${spec.gravity}`);
  }
  parts.push(`f=${spec.format}`);
  if (spec.quality !== undefined) parts.push(`q=${spec.quality}`);
  if (spec.debug) parts.push('debug=1');
  return parts.join('&');
}
