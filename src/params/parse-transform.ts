import { AppError, invalidParameter } from '../errors/app-error.js';
import type { NormalisedPoint, TransformSpec } from './transform-spec.js';
import {
  CROP_ALIASES,
  FITS,
  GRAVITIES,
  MAX_DIMENSION,
  MAX_DPR,
  OUTPUT_FORMATS,
  isOneOf,
  type FormatRequest,
  type Gravity,
} from './vocabulary.js';

/** A parsed query string: repeated keys arrive as arrays. */
export type RawQuery = Readonly<Record<string, string | readonly string[] | undefined>>;

const INTEGER = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$|^\.\d+$/;

function single(query: RawQuery, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    if (value.length === 1) return value[0];
    throw invalidParameter(name, 'a single value', value);
  }
  return value;
}

function parseInteger(name: string, raw: string, min: number, max: number): number {
  const value = INTEGER.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw invalidParameter(name, `an integer between ${min} and ${max}`, raw);
  }
  return value;
}

function parseDpr(raw: string): number {
  const value = DECIMAL.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 1 && value <= MAX_DPR)) throw invalidParameter('dpr', `a number between 1 and ${MAX_DPR}`, raw);
  // Two decimals are plenty for a device pixel ratio and keep the cache key small.
  return Math.round(value * 100) / 100;
}

function parseCoordinate(raw: string): number | undefined {
  const text = raw.trim();
  if (text.endsWith('%')) {
    const pct = text.slice(0, -1);
    return DECIMAL.test(pct) && Number(pct) <= 100 ? Number(pct) / 100 : undefined;
  }
  return DECIMAL.test(text) && Number(text) <= 1 ? Number(text) : undefined;
}

/** Parses `fp=x,y` as fractions in [0,1] or percentages. @throws invalid_parameter */
export function parseFocalPoint(raw: string, name = 'fp'): NormalisedPoint {
  const parts = raw.split(',');
  const x = parts.length === 2 ? parseCoordinate(parts[0] ?? '') : undefined;
  const y = parts.length === 2 ? parseCoordinate(parts[1] ?? '') : undefined;
  if (x === undefined || y === undefined) {
    throw invalidParameter(name, 'two fractions in [0,1] or percentages, like 0.3,0.7 or 30%,70%', raw);
  }
  // Rounding to 4 decimals (a tenth of a pixel at 1000 px) keeps equivalent URLs on one cache key.
  return Object.freeze({ x: Math.round(x * 10_000) / 10_000, y: Math.round(y * 10_000) / 10_000 });
}

function parseGravity(query: RawQuery): Gravity | undefined {
  // crop is validated even when gravity wins, so a bad value is never silently served.
  const crop = single(query, 'crop');
  if (crop !== undefined && !Object.hasOwn(CROP_ALIASES, crop)) {
    throw invalidParameter('crop', `one of ${Object.keys(CROP_ALIASES).join(', ')}`, crop);
  }
  const gravity = single(query, 'gravity');
  if (gravity !== undefined) {
    if (!isOneOf(GRAVITIES, gravity)) throw invalidParameter('gravity', `one of ${GRAVITIES.join(', ')}`, gravity);
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

/** Options that differ between the CDN (format negotiated by default) and the CLI (keep the input format). */
export interface ParseOptions {
  readonly defaultFormat?: FormatRequest;
}

/**
 * Turns untrusted query parameters into a frozen TransformSpec. Unknown parameters are ignored.
 * @throws invalid_parameter naming the parameter, what was expected and what was received
 */
export function parseTransform(query: RawQuery, options: ParseOptions = {}): TransformSpec {
  const w = single(query, 'w');
  const h = single(query, 'h');
  const width = w === undefined ? undefined : parseInteger('w', w, 1, MAX_DIMENSION);
  const height = h === undefined ? undefined : parseInteger('h', h, 1, MAX_DIMENSION);
  const dprRaw = single(query, 'dpr');
  const dpr = dprRaw === undefined ? 1 : parseDpr(dprRaw);
  for (const [name, value] of [['w', width], ['h', height]] as const) {
    if (value !== undefined && Math.round(value * dpr) > MAX_DIMENSION) {
      throw invalidParameter('dpr', `a ratio that keeps ${name}×dpr within ${MAX_DIMENSION} pixels`, dprRaw);
    }
  }
  const fitRaw = single(query, 'fit');
  if (fitRaw !== undefined && !isOneOf(FITS, fitRaw)) throw invalidParameter('fit', `one of ${FITS.join(', ')}`, fitRaw);
  const fpRaw = single(query, 'fp');
  const qRaw = single(query, 'q');
  const formatRaw = single(query, 'f');
  const spec: TransformSpec = {
    width,
    height,
    dpr,
    fit: fitRaw ?? 'cover',
    gravity: parseGravity(query),
    fp: fpRaw === undefined ? undefined : parseFocalPoint(fpRaw),
    format: formatRaw === undefined ? (options.defaultFormat ?? 'auto') : parseFormat(formatRaw),
    quality: qRaw === undefined ? undefined : parseInteger('q', qRaw, 1, 100),
    debug: parseDebug(single(query, 'debug')),
  };
  return Object.freeze(spec);
}

/** Guard for callers that build specs from typed input (CLI flags) rather than a query string. */
export function assertNever(value: never, what: string): never {
  throw new AppError('internal_error', `Unhandled ${what}: ${String(value)}`);
}
