import { invalidParameter } from '../errors/app-error.js';
import { resolveFocus, type Focus } from './focus.js';
import { withContainDefault, type Operations } from './operations.js';
import { parseOperations } from './parse-operations.js';
import { assertNoMisspelling } from './unknown-params.js';
import { singleValue, strictDecimal, strictInteger, type RawQuery } from './query-values.js';
import { roundDpr, type TransformSpec } from './transform-spec.js';
import { parseFocalPoint } from './parse-point.js';
import { CROP_ALIASES, FITS, GRAVITY_NAMES, MAX_DIMENSION, MAX_DPR, MAX_FRAME, OUTPUT_FORMATS, type FormatRequest, type Gravity } from './vocabulary.js';
import { isOneOf } from '../shared/is.js';

export type { RawQuery } from './query-values.js';
export { parseFocalPoint } from './parse-point.js';

function parseInteger(name: string, raw: string, min: number, max: number): number {
  const value = strictInteger(raw);
  if (value === undefined || value < min || value > max) {
    throw invalidParameter(name, `an integer between ${min} and ${max}`, raw);
  }
  return value;
}

function parseDpr(raw: string): number {
  const value = strictDecimal(raw);
  if (value === undefined || value < 1 || value > MAX_DPR) throw invalidParameter('dpr', `a number between 1 and ${MAX_DPR}`, raw);
  return roundDpr(value);
}

function parseGravity(query: RawQuery): Gravity | undefined {
  // crop is validated even when gravity wins, so a bad value is never silently served.
  const crop = singleValue(query, 'crop');
  if (crop !== undefined && !Object.hasOwn(CROP_ALIASES, crop)) {
    throw invalidParameter('crop', `one of ${Object.keys(CROP_ALIASES).join(', ')}`, crop);
  }
  const gravity = singleValue(query, 'gravity');
  if (gravity !== undefined) {
    if (!isOneOf(GRAVITY_NAMES, gravity)) throw invalidParameter('gravity', `one of ${GRAVITY_NAMES.join(', ')}`, gravity);
    return gravity;
  }
  return crop === undefined ? undefined : CROP_ALIASES[crop as keyof typeof CROP_ALIASES];
}

function parseFormat(raw: string | undefined): FormatRequest {
  if (raw === undefined) return 'auto';
  const name = raw === 'jpg' ? 'jpeg' : raw;
  if (name === 'auto' || isOneOf(OUTPUT_FORMATS, name)) return name;
  throw invalidParameter('f', `one of ${OUTPUT_FORMATS.join(', ')}, auto`, raw);
}

function parseDebug(raw: string | undefined): boolean {
  if (raw === undefined || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  throw invalidParameter('debug', '1 or 0', raw);
}

/** Focus modes that sharp itself can apply after a trim (whose size is only known inside the pipeline). */
const TRIM_FOCUS = ['auto', 'entropy', 'center', 'north', 'northeast', 'east', 'southeast', 'south', 'southwest', 'west', 'northwest'];

/** @throws invalid_parameter naming `trim` when the crop needs the untrimmed image's pixels or coordinates */
function assertTrimFocus(operations: Operations, focus: Focus, crops: boolean): void {
  if (operations.trim === undefined || !crops) return;
  if (focus.kind === 'stored' || (focus.kind === 'gravity' && TRIM_FOCUS.includes(focus.name))) return;
  const named = focus.kind === 'point' ? 'fp' : `gravity=${focus.name}`;
  const expected = 'a crop by auto, entropy or a compass name with it (the trimmed size is only known while rendering)';
  throw invalidParameter('trim', expected, `trim with ${named}`);
}

/** Options that differ between the CDN (format negotiated by default) and the CLI (keep the input format). */
export interface ParseOptions {
  readonly defaultFormat?: FormatRequest;
}

/**
 * Turns untrusted query parameters into a frozen TransformSpec. Unknown parameters are ignored, unless one
 * looks like a misspelling of a known one (`gravty`): that is a 400 naming both.
 * @throws invalid_parameter naming the parameter, what was expected and what was received
 */
export function parseTransform(query: RawQuery, options: ParseOptions = {}): TransformSpec {
  assertNoMisspelling(query);
  const w = singleValue(query, 'w');
  const h = singleValue(query, 'h');
  const width = w === undefined ? undefined : parseInteger('w', w, 1, MAX_DIMENSION);
  const height = h === undefined ? undefined : parseInteger('h', h, 1, MAX_DIMENSION);
  const dprRaw = singleValue(query, 'dpr');
  const dpr = dprRaw === undefined ? 1 : parseDpr(dprRaw);
  for (const [name, value] of [['w', width], ['h', height]] as const) {
    if (value !== undefined && Math.round(value * dpr) > MAX_DIMENSION) {
      throw invalidParameter('dpr', `a ratio that keeps ${name}×dpr within ${MAX_DIMENSION} pixels`, dprRaw);
    }
  }
  const fitRaw = singleValue(query, 'fit');
  if (fitRaw !== undefined && !isOneOf(FITS, fitRaw)) throw invalidParameter('fit', `one of ${FITS.join(', ')}`, fitRaw);
  const fpRaw = singleValue(query, 'fp');
  const qRaw = singleValue(query, 'q');
  const formatRaw = singleValue(query, 'f');
  const focus = resolveFocus(parseGravity(query), fpRaw === undefined ? undefined : parseFocalPoint(fpRaw));
  const fit = fitRaw ?? 'cover';
  const crops = width !== undefined && height !== undefined;
  const operations = withContainDefault(parseOperations(query), fit, crops);
  assertTrimFocus(operations, focus, crops && fit === 'cover');
  const frameRaw = singleValue(query, 'frame');
  const spec: TransformSpec = {
    width,
    height,
    dpr,
    fit,
    focus,
    format: formatRaw === undefined ? (options.defaultFormat ?? 'auto') : parseFormat(formatRaw),
    quality: qRaw === undefined ? undefined : parseInteger('q', qRaw, 1, 100),
    debug: parseDebug(singleValue(query, 'debug')),
    operations,
    ...(frameRaw === undefined ? {} : { frame: parseInteger('frame', frameRaw, 1, MAX_FRAME) }),
  };
  return Object.freeze(spec);
}
