import type { UnsupportedParam } from '../compat/index.js';

/** Longest `X-Convertly-Unsupported` value: proxies drop responses whose headers grow past a few KB. */
const MAX_HEADER_LENGTH = 1024;
const PLAIN = /^[A-Za-z0-9~._:$-]+$/;

function label(entry: UnsupportedParam, dialect: 'imgix' | 'cloudinary' | 'native'): string {
  // A Cloudinary action reads as it was written (`e_sepia`); an imgix or native parameter by its name (`txt`).
  const text = dialect === 'cloudinary' ? `${entry.param}_${entry.value}` : entry.param;
  // Names come from the URL: anything outside plain ASCII is percent-encoded so the header stays valid.
  return PLAIN.test(text) ? text : encodeURIComponent(text);
}

/**
 * The `X-Convertly-Unsupported` value: the parameters a translation could not apply, comma-separated in the order
 * the translation reported them, without repeats, cut at a whole entry with `...` when long; undefined when there are none.
 */
export function unsupportedHeader(unsupported: readonly UnsupportedParam[], dialect: 'imgix' | 'cloudinary' | 'native'): string | undefined {
  const labels = [...new Set(unsupported.map((entry) => label(entry, dialect)))];
  if (labels.length === 0) return undefined;
  let value = '';
  for (const [index, text] of labels.entries()) {
    const next = index === 0 ? text : `${value},${text}`;
    if (next.length > MAX_HEADER_LENGTH) return index === 0 ? '...' : `${value},...`;
    value = next;
  }
  return value;
}
