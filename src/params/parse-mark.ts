import { invalidParameter } from '../errors/app-error.js';
import { COMPASS } from '../geometry/compass-window.js';
import { isOneOf } from '../shared/is.js';
import { DEFAULT_MARK_POSITION, MARK_PARAMS, MAX_MARK_ALPHA, type Mark, type MarkPosition } from './mark.js';
import { parseFocalPoint, parseFraction } from './parse-point.js';
import { singleValue, strictInteger, type RawQuery } from './query-values.js';
import { MAX_PAD } from './vocabulary.js';

/** Longest mark reference accepted: a file id, or an upload's path (S3's key limit). */
const MAX_MARK_LENGTH = 1024;
const MARK_EXPECTED = 'a file id (f_…) or the path of an upload of this workspace (brand/logo.png)';

function parseMarkFile(raw: string): string {
  // A leading slash is allowed for the CLI's absolute paths; the server finds no upload path that starts with one.
  const segments = raw.replace(/^\//, '').split('/');
  // eslint-disable-next-line no-control-regex
  const bad = raw.length > MAX_MARK_LENGTH || /[\u0000-\u001f\u007f\\]/.test(raw) || segments.some((s) => s === '' || s === '.' || s === '..');
  if (bad) throw invalidParameter('mark', MARK_EXPECTED, raw);
  return raw;
}

function parsePosition(raw: string): MarkPosition {
  if (isOneOf(COMPASS, raw)) return Object.freeze({ kind: 'compass', name: raw });
  try {
    return Object.freeze({ kind: 'point', point: parseFocalPoint(raw, 'markpos') });
  } catch {
    throw invalidParameter('markpos', `one of ${COMPASS.join(', ')}, or x,y as fractions in [0,1] or percentages (0,1 is the bottom-left)`, raw);
  }
}

function parseWidth(raw: string): number {
  const value = parseFraction(raw);
  if (value === undefined || value <= 0) throw invalidParameter('markw', 'a fraction of the output width above 0 and at most 1, or a percentage (0.25 or 25%)', raw);
  return value;
}

function parseAlpha(raw: string): number {
  const value = strictInteger(raw);
  if (value === undefined || value > MAX_MARK_ALPHA) throw invalidParameter('markalpha', `an opacity, an integer between 0 and ${MAX_MARK_ALPHA}`, raw);
  return value;
}

function parseMarkPad(raw: string): { x: number; y: number } {
  const parts = raw.split(',').map((part) => strictInteger(part.trim()));
  const valid = (parts.length === 1 || parts.length === 2) && parts.every((v) => v !== undefined && v <= MAX_PAD);
  if (!valid) throw invalidParameter('markpad', `one integer, or two (horizontal,vertical), each between 0 and ${MAX_PAD}`, raw);
  const [x, y = x] = parts as number[];
  return { x: x!, y: y! };
}

/**
 * Reads the watermark parameters (`mark markpos markw markalpha markpad`); undefined without `mark`.
 * @throws invalid_parameter naming the parameter; a sizing or placing parameter without `mark` is one too
 */
export function parseMark(query: RawQuery): Mark | undefined {
  const raw = singleValue(query, 'mark');
  if (raw === undefined) {
    for (const name of MARK_PARAMS) {
      const stray = singleValue(query, name);
      if (stray !== undefined) throw invalidParameter(name, 'a mark to size or place (add mark={fileId})', stray);
    }
    return undefined;
  }
  const read = <T>(name: string, parse: (value: string) => T): T | undefined => {
    const value = singleValue(query, name);
    return value === undefined ? undefined : parse(value);
  };
  return Object.freeze({
    file: parseMarkFile(raw),
    position: read('markpos', parsePosition) ?? DEFAULT_MARK_POSITION,
    width: read('markw', parseWidth),
    alpha: read('markalpha', parseAlpha) ?? MAX_MARK_ALPHA,
    pad: Object.freeze(read('markpad', parseMarkPad) ?? { x: 0, y: 0 }),
  });
}
