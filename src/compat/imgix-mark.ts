import { invalidParameter } from '../errors/app-error.js';
import type { Compass } from '../geometry/compass-window.js';
import { DEFAULT_MARK_POSITION, MAX_MARK_ALPHA, type Mark } from '../params/mark.js';
import { hasDecimalPoint, singleValue, strictDecimal, strictInteger, type RawQuery } from '../params/query-values.js';
import { MAX_PAD } from '../params/vocabulary.js';
import type { DraftMark } from './mark-width.js';
import type { TranslationLog } from './translation.js';

/** The imgix watermark parameters read here; other `mark…` names are reported as unsupported. */
export const IMGIX_MARK_PARAMS = ['mark', 'mark64', 'mark-align', 'markalign', 'markw', 'markscale', 'markalpha', 'markpad', 'markx', 'marky'] as const;

/** imgix pads its mark 5 px from the edges unless told otherwise. */
const IMGIX_MARK_PAD = 5;
/** The shape of a Convertly file id (`f_` and 20 base32 characters): `/f_….png` names that file. */
const FILE_ID = /^f_[0-9a-z]{20}$/;
const VERTICAL = { top: 'north', middle: '', bottom: 'south' } as const;
const HORIZONTAL = { left: 'west', center: '', right: 'east' } as const;

function integer(name: string, raw: string | undefined, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = strictInteger(raw);
  if (value === undefined || value > max) throw invalidParameter(name, `an integer between 0 and ${max}`, raw);
  return value;
}

/** The mark imgix names by URL, as a Convertly file id or upload path; undefined (reported) when it names none. */
function markReference(param: string, raw: string, log: TranslationLog): string | undefined {
  let path = raw;
  if (/^[a-z][a-z0-9+.-]*:/i.test(raw)) {
    let url: URL | undefined;
    try {
      url = new URL(raw);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      log.unsupported.push({ param, value: raw, reason: 'Only a mark URL whose path names a file of this workspace can be drawn; the mark is not drawn.' });
      return undefined;
    }
    log.notes.push(`${param}: the mark is the file of this workspace named by the URL's path (${url.pathname}); its host ${url.host} is not fetched.`);
    if (url.search !== '') log.unsupported.push({ param, value: url.search, reason: "The mark URL's own parameters are not applied; the stored mark is drawn as it is." });
    path = url.pathname;
  } else if (path.includes('?')) {
    log.unsupported.push({ param, value: path.slice(path.indexOf('?')), reason: "The mark URL's own parameters are not applied; the stored mark is drawn as it is." });
    path = path.slice(0, path.indexOf('?'));
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(path).replace(/^\/+/, '');
  } catch {
    throw invalidParameter(param, 'a URL or path of valid percent-encoding', raw);
  }
  const name = decoded.includes('/') ? undefined : decoded.replace(/\.[A-Za-z0-9]+$/, '');
  return name !== undefined && FILE_ID.test(name) ? name : decoded;
}

function readMarkUrl(query: RawQuery, log: TranslationLog): string | undefined {
  const plain = singleValue(query, 'mark');
  if (plain !== undefined) return markReference('mark', plain, log);
  const encoded = singleValue(query, 'mark64');
  if (encoded === undefined) return undefined;
  const text = Buffer.from(encoded, 'base64url').toString('utf8');
  if (text === '' || Buffer.from(text, 'utf8').toString('base64url') !== encoded.replace(/=+$/, '')) throw invalidParameter('mark64', 'a URL in base64url', encoded);
  return markReference('mark64', text, log);
}

function readAlign(query: RawQuery): { vertical: string; horizontal: string } {
  const name = singleValue(query, 'mark-align') !== undefined ? 'mark-align' : 'markalign';
  const raw = singleValue(query, name);
  const align = { vertical: 'bottom', horizontal: 'right' };
  if (raw === undefined) return align;
  for (const word of raw.split(',').map((w) => w.trim())) {
    if (Object.hasOwn(VERTICAL, word)) align.vertical = word;
    else if (Object.hasOwn(HORIZONTAL, word)) align.horizontal = word;
    else throw invalidParameter(name, 'a list of top, middle, bottom, left, center, right', raw);
  }
  return align;
}

function readOffset(query: RawQuery, name: 'markx' | 'marky', log: TranslationLog): number | undefined {
  const raw = singleValue(query, name);
  if (raw === undefined) return undefined;
  if (/^-\d+$/.test(raw)) {
    log.unsupported.push({ param: name, value: raw, reason: 'An offset from the far edge is not supported; mark-align and markpad place the mark.' });
    return undefined;
  }
  return integer(name, raw, MAX_PAD);
}

/**
 * Reads imgix's watermark parameters as a Convertly mark: `mark` (or `mark64`) names a file of the workspace by
 * its URL's path, `mark-align` becomes a compass position, `markx`/`marky` pin it to the left/top at that
 * offset, `markw` below 1 (or `markscale`) is the fraction of the output width, `markpad` defaults to imgix's 5.
 * @throws invalid_parameter naming the imgix parameter
 */
export function translateImgixMark(query: RawQuery, log: TranslationLog): DraftMark | undefined {
  const file = readMarkUrl(query, log);
  if (file === undefined) return undefined;
  const align = readAlign(query);
  const pad = integer('markpad', singleValue(query, 'markpad'), MAX_PAD) ?? IMGIX_MARK_PAD;
  const x = readOffset(query, 'markx', log);
  const y = readOffset(query, 'marky', log);
  if (x !== undefined) align.horizontal = 'left';
  if (y !== undefined) align.vertical = 'top';
  const words = `${VERTICAL[align.vertical as keyof typeof VERTICAL]}${HORIZONTAL[align.horizontal as keyof typeof HORIZONTAL]}`;
  const name = (words === '' ? 'center' : words) as Compass;
  let widthPixels: number | undefined;
  let width: number | undefined;
  const markw = singleValue(query, 'markw');
  if (markw !== undefined) {
    const value = hasDecimalPoint(markw) ? strictDecimal(markw) : strictInteger(markw);
    if (value === undefined || value <= 0 || (hasDecimalPoint(markw) && value > 1)) throw invalidParameter('markw', 'a fraction of the image width between 0 and 1, or pixels', markw);
    if (hasDecimalPoint(markw)) width = Math.round(value * 10_000) / 10_000;
    else widthPixels = value;
  } else {
    const scale = integer('markscale', singleValue(query, 'markscale'), 100);
    if (scale !== undefined && scale > 0) width = scale / 100;
  }
  const mark: Mark = {
    file,
    position: name === DEFAULT_MARK_POSITION.name ? DEFAULT_MARK_POSITION : { kind: 'compass', name },
    width,
    alpha: integer('markalpha', singleValue(query, 'markalpha'), MAX_MARK_ALPHA) ?? MAX_MARK_ALPHA,
    pad: { x: x ?? pad, y: y ?? pad },
  };
  return widthPixels === undefined ? { mark } : { mark, widthPixels: { param: 'markw', value: widthPixels } };
}
