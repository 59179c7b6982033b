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

/**
 * Resolves `f=auto`: AVIF, then WebP, then JPEG, or PNG when the source has alpha.
 * An explicit format is returned as it is.
 */
export function negotiateFormat(request: FormatRequest, accept: string | undefined, hasAlpha: boolean): OutputFormat {
  if (request !== 'auto') return request;
  const types = acceptedTypes(accept ?? '');
  if (types.has('image/avif')) return 'avif';
  if (types.has('image/webp')) return 'webp';
  return hasAlpha ? 'png' : 'jpeg';
}

/** The output format that keeps an input's own format where sharp can write it (CLI default). */
export function sameFormatAs(input: InputFormat): OutputFormat {
  return input === 'tiff' ? 'jpeg' : input;
}
