import { PARAM_ORDER, renderParamEntries, type RenderParams } from './render-params.js';

const HAS_SCHEME = /^[a-z][a-z\d+.-]*:/i;

// RFC 3986 encoding, but commas stay readable (`fp=0.3,0.7`) as docs/api.md writes them.
function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(/%2C/gi, ',');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text; // malformed escapes are passed through untouched, as the server will judge them
  }
}

/** `f_abc` → `/cdn/f_abc` (`f_abc?key=…` → `/cdn/f_abc?key=…`); a path (`/cdn/…`, `/imgix/…`) or an absolute URL is kept as it is. */
function pathOf(fileIdOrPath: string): string {
  if (fileIdOrPath === '') throw new TypeError('Expected a file id or a path but received ""');
  if (fileIdOrPath.startsWith('/') || HAS_SCHEME.test(fileIdOrPath)) return fileIdOrPath;
  // `f_abc?key=cvdk_…`: the id, then a query of its own (a next/image src carrying the delivery key).
  const end = fileIdOrPath.search(/[?#]/);
  return end === -1 ? `/cdn/${encodeURIComponent(fileIdOrPath)}` : `/cdn/${encodeURIComponent(fileIdOrPath.slice(0, end))}${fileIdOrPath.slice(end)}`;
}

/**
 * A render URL: `base` + `/cdn/{fileId}` (or the given path) + the parameters in canonical order.
 * Parameters already in the path's query are kept unless `params` sets them; `s` is always dropped
 * (a changed URL needs a new signature: use `buildSignedUrl`).
 *
 * @param base where Convertly is served (`https://img.example.com`, `https://example.com/images`), or `''` for a relative URL
 * @param fileIdOrPath a file id (`f_…`), a path starting with `/`, or an absolute URL (then `base` is not used)
 * @throws RangeError when a parameter is out of range; TypeError for an empty file id
 * @example buildUrl('https://img.example.com', 'f_abc', { w: 400, h: 300, gravity: 'face' })
 *   // 'https://img.example.com/cdn/f_abc?w=400&h=300&gravity=face'
 */
export function buildUrl(base: string, fileIdOrPath: string, params: RenderParams = {}): string {
  const target = pathOf(fileIdOrPath);
  const hashAt = target.indexOf('#');
  const withoutHash = hashAt === -1 ? target : target.slice(0, hashAt);
  const queryAt = withoutHash.indexOf('?');
  const path = queryAt === -1 ? withoutHash : withoutHash.slice(0, queryAt);
  const entries = renderParamEntries(params);
  const set = new Set(entries.map(([name]) => name));
  const kept = queryAt === -1 ? [] : withoutHash.slice(queryAt + 1).split('&').filter((pair) => {
    if (pair === '') return false;
    const name = safeDecode(pair.split('=')[0]!);
    return name !== 's' && !set.has(name);
  });
  const written = entries.map(([name, value]) => `${name}=${encodeValue(value)}`);
  // Known parameters in canonical order first, so equal requests give equal URLs (and CDN cache keys).
  const known = new Set<string>(PARAM_ORDER);
  const query = [...written, ...kept.filter((pair) => known.has(pair.split('=')[0]!)), ...kept.filter((pair) => !known.has(pair.split('=')[0]!))].join('&');
  const prefix = HAS_SCHEME.test(path) ? '' : base.replace(/\/+$/, '');
  return `${prefix}${path}${query === '' ? '' : `?${query}`}${hashAt === -1 ? '' : target.slice(hashAt)}`;
}
