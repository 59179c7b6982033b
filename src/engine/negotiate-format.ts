import type { FormatRequest, OutputFormat } from '../params/vocabulary.js';
import type { InputFormat } from './source-info.js';

/** Media types the client accepts with a non-zero q-value; wildcards do not count as AVIF/WebP support. */
function acceptedTypes(accept: string): Set<string> {
  const types = new Set<string>();
  for (const part of accept.toLowerCase().split(',')) {
    const [type, ...params] = part.split(';').map((s) => s.trim());
    const q = params.find((p) => p.startsWith('q='));
    if (type && !(q !== undefined && Number(q.slice(2)) === 0)) types.add(type);
  }
  return types;
}

/** The output formats that keep an animation animated (sharp writes no AVIF sequence). */
export const ANIMATED_FORMATS: readonly OutputFormat[] = ['webp', 'gif'];

/**
 * Resolves `f=auto`: AVIF, then WebP, then JPEG, or PNG when the source has alpha. An animation is never
 * made still by negotiation: WebP when accepted, else GIF (every browser shows GIF).
 * An explicit format is returned as it is.
 */
export function negotiateFormat(request: FormatRequest, accept: string | undefined, hasAlpha: boolean, animated = false): OutputFormat {
  if (request !== 'auto') return request;
  const types = acceptedTypes(accept ?? '');
  if (animated) return types.has('image/webp') ? 'webp' : 'gif';
  if (types.has('image/avif')) return 'avif';
  if (types.has('image/webp')) return 'webp';
  return hasAlpha ? 'png' : 'jpeg';
}

/** The output format that keeps an input's own format where sharp can write it (CLI default). */
export function sameFormatAs(input: InputFormat): OutputFormat {
  return input === 'tiff' ? 'jpeg' : input;
}
