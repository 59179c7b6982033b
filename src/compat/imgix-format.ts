import { invalidParameter } from '../errors/app-error.js';
import { listValues, singleValue, strictInteger, type RawQuery } from '../params/query-values.js';
import type { FormatRequest, OutputFormat } from '../params/vocabulary.js';
import type { TranslationLog } from './translation.js';

/** imgix `fm` values Convertly can encode; the rest (jp2, jxr, json, blurhash, mp4, webm…) are rejected. */
export const IMGIX_FORMATS = {
  jpg: { format: 'jpeg' },
  pjpg: { format: 'jpeg', note: 'fm=pjpg asks for a progressive JPEG; Convertly serves a JPEG with its own encoder settings.' },
  png: { format: 'png' },
  png8: { format: 'png', note: 'fm=png8 asks for an 8-bit palette PNG; Convertly serves a full-colour PNG.' },
  png32: { format: 'png' },
  webp: { format: 'webp' },
  avif: { format: 'avif' },
  gif: { format: 'gif' },
} as const satisfies Record<string, { format: OutputFormat; note?: string }>;

/** imgix `auto` values; comma-joined or repeated. */
export const IMGIX_AUTO_VALUES = ['format', 'compress', 'enhance', 'redeye'] as const;

/** imgix's documented quality under auto=compress when no `q` is given. */
const COMPRESS_QUALITY = 45;

function readAuto(query: RawQuery, log: TranslationLog): Set<string> {
  const words = listValues(query, 'auto');
  for (const word of words) {
    if (!(IMGIX_AUTO_VALUES as readonly string[]).includes(word)) {
      throw invalidParameter('auto', `a comma list of ${IMGIX_AUTO_VALUES.join(', ')}`, word);
    }
    if (word === 'enhance' || word === 'redeye') {
      const reason = 'Automatic enhancement and red-eye removal are not supported; the image is not retouched.';
      log.unsupported.push({ param: 'auto', value: word, reason });
    }
  }
  return new Set(words);
}

function readQuality(query: RawQuery, log: TranslationLog): number | undefined {
  const raw = singleValue(query, 'q');
  if (raw === undefined) return undefined;
  const value = strictInteger(raw);
  if (value === undefined || value > 100) throw invalidParameter('q', 'an integer between 0 and 100', raw);
  if (value === 0) {
    log.notes.push('q=0 became q=1, the lowest quality Convertly accepts.');
    return 1;
  }
  return value;
}

/** Translates `fm`, `auto` and `q` into Convertly's `f` and `q`. @throws invalid_parameter naming `fm`, `auto` or `q` */
export function translateImgixFormat(query: RawQuery, log: TranslationLog): { format?: FormatRequest; quality?: number } {
  const fm = singleValue(query, 'fm');
  if (fm !== undefined && !Object.hasOwn(IMGIX_FORMATS, fm)) {
    throw invalidParameter('fm', `one of ${Object.keys(IMGIX_FORMATS).join(', ')}`, fm);
  }
  const entry: { format: OutputFormat; note?: string } | undefined =
    fm === undefined ? undefined : IMGIX_FORMATS[fm as keyof typeof IMGIX_FORMATS];
  const auto = readAuto(query, log);
  let quality = readQuality(query, log);
  let format: FormatRequest | undefined = entry?.format;
  if (auto.has('format')) {
    // imgix negotiates first and serves fm only to browsers without AVIF or WebP.
    if (fm !== undefined) {
      log.notes.push(`auto=format wins over fm=${fm} as in imgix; Convertly's f=auto falls back to JPEG (PNG with transparency), not to fm.`);
    }
    format = 'auto';
  } else if (entry?.note !== undefined) {
    log.notes.push(entry.note);
  }
  if (auto.has('compress')) {
    if (quality === undefined) quality = COMPRESS_QUALITY;
    const source = query.q === undefined ? " (imgix's compress default)" : '';
    log.notes.push(
      `auto=compress: quality ${quality}${source}; ` +
        "imgix's other size savings (metadata stripping, JPEG/PNG choice) are Convertly's encoder defaults.",
    );
  }
  return { ...(format === undefined ? {} : { format }), ...(quality === undefined ? {} : { quality }) };
}
