import { invalidParameter } from '../errors/app-error.js';
import type { RawQuery } from './query-values.js';
import type { CROP_ALIASES, Fit, FormatRequest, Gravity } from './vocabulary.js';

/** A number, or the same number written as a string (`300` or `'300'`). */
type Numeric = number | `${number}`;

/**
 * The CDN's parameters as a Node program writes them (SPEC §1): numbers or strings, typed by name.
 * Other names are accepted and ignored, as in a URL.
 */
export interface RenderParams {
  readonly w?: Numeric;
  readonly h?: Numeric;
  readonly dpr?: Numeric;
  readonly fit?: Fit;
  readonly gravity?: Gravity;
  readonly crop?: keyof typeof CROP_ALIASES;
  /** `[x, y]` fractions, or as in a URL: `'0.3,0.7'`, `'30%,70%'`. */
  readonly fp?: readonly [number, number] | string;
  readonly f?: FormatRequest | 'jpg';
  readonly q?: Numeric;
  /** One frame of an animation, 1-based. */
  readonly frame?: Numeric;
  readonly debug?: boolean | 0 | 1 | 'true' | 'false' | '0' | '1';
  readonly [name: string]: string | number | boolean | readonly (string | number)[] | undefined;
}

/** What `render()` takes as parameters: an object, a query string (`'w=300&h=200'`, a leading `?` allowed) or URLSearchParams. */
export type RenderParamsInput = RenderParams | RawQuery | string | URLSearchParams;

function fromSearchParams(params: URLSearchParams): RawQuery {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const all = params.getAll(name);
    query[name] = all.length === 1 ? all[0]! : all;
  }
  return query;
}

function asText(name: string, value: unknown): string | readonly string[] | undefined {
  if (value === undefined || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidParameter(name, 'a finite number', value);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (Array.isArray(value)) {
    // fp: [x, y] is one value; any other array is the parameter repeated, which parseTransform refuses by name.
    if (name === 'fp' && value.length === 2 && value.every((v) => typeof v === 'number')) return value.join(',');
    return value.map((entry) => String(asText(name, entry)));
  }
  throw invalidParameter(name, 'a number, a string or a boolean', typeof value);
}

/**
 * Turns any accepted form of render parameters into the raw query parseTransform reads, so the library
 * validates exactly like the URL does (a bad value is the same `invalid_parameter`).
 * @throws invalid_parameter for a value of no accepted type (an object, NaN)
 */
export function toRawQuery(params: RenderParamsInput): RawQuery {
  if (typeof params === 'string') return fromSearchParams(new URLSearchParams(params.startsWith('?') ? params.slice(1) : params));
  if (params instanceof URLSearchParams) return fromSearchParams(params);
  const query: Record<string, string | readonly string[]> = {};
  for (const [name, value] of Object.entries(params)) {
    const text = asText(name, value);
    if (text !== undefined) query[name] = text;
  }
  return query;
}
