import type { RenderDraft } from './translation.js';

/** The order Convertly's canonical key uses (src/params/canonical-key.ts), so translated URLs read alike. */
export const CONVERTLY_PARAM_ORDER = ['w', 'h', 'dpr', 'fit', 'gravity', 'fp', 'f', 'q', 'debug'] as const;
export type ConvertlyParam = (typeof CONVERTLY_PARAM_ORDER)[number];

function round(value: number, decimals: number): string {
  const scale = 10 ** decimals;
  return String(Math.round(value * scale) / scale);
}

/**
 * Turns a draft into Convertly query parameters in canonical order, leaving out what cannot matter:
 * `fit` only when both sides are fixed, `gravity`/`fp` only when that fit is `cover` (the only one that crops).
 */
export function buildConvertlyQuery(draft: RenderDraft): Record<string, string> {
  const query: Partial<Record<ConvertlyParam, string>> = {};
  if (draft.width !== undefined) query.w = String(draft.width);
  if (draft.height !== undefined) query.h = String(draft.height);
  if (draft.dpr !== undefined && draft.dpr !== 1) query.dpr = round(draft.dpr, 2);
  const crops = draft.width !== undefined && draft.height !== undefined;
  const fit = draft.fit ?? 'cover';
  if (crops) query.fit = fit;
  if (crops && fit === 'cover') {
    // fp wins over gravity in Convertly, so only one of them is ever written.
    if (draft.fp !== undefined) query.fp = `${round(draft.fp.x, 4)},${round(draft.fp.y, 4)}`;
    else if (draft.gravity !== undefined) query.gravity = draft.gravity;
  }
  if (draft.format !== undefined) query.f = draft.format;
  if (draft.quality !== undefined) query.q = String(draft.quality);
  if (draft.debug === true) query.debug = '1';
  const ordered: Record<string, string> = {};
  for (const name of CONVERTLY_PARAM_ORDER) {
    const value = query[name];
    if (value !== undefined) ordered[name] = value;
  }
  return ordered;
}

/** `/cdn/{fileId}?{query}` with the query in the order given; commas stay readable (`fp=0.3,0.7`). */
export function formatConvertlyPath(fileId: string, query: Readonly<Record<string, string>>): string {
  const encode = (text: string) => encodeURIComponent(text).replaceAll('%2C', ',');
  const search = Object.entries(query)
    .map(([name, value]) => `${encode(name)}=${encode(value)}`)
    .join('&');
  return `/cdn/${encodeURIComponent(fileId)}${search === '' ? '' : `?${search}`}`;
}
