import { invalidParameter } from '../errors/app-error.js';

/** A parsed query string: repeated keys arrive as arrays. */
export type RawQuery = Readonly<Record<string, string | readonly string[] | undefined>>;

const INTEGER = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$|^\.\d+$/;

/** The one value of a query parameter, or undefined when absent. @throws invalid_parameter when it is repeated */
export function singleValue(query: RawQuery, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || typeof value === 'string') return value;
  if (value.length === 1) return value[0];
  throw invalidParameter(name, 'a single value', value);
}

/** Every comma-separated word of a parameter that may also be repeated (imgix's `auto`). */
export function listValues(query: RawQuery, name: string): string[] {
  const value = query[name];
  if (value === undefined) return [];
  const all = typeof value === 'string' ? [value] : [...value];
  return all.flatMap((entry) => entry.split(',')).map((word) => word.trim());
}

/** A non-negative integer written plainly (no sign, exponent or hex), else undefined. */
export function strictInteger(raw: string): number | undefined {
  const value = INTEGER.test(raw) ? Number(raw) : Number.NaN;
  return Number.isSafeInteger(value) ? value : undefined;
}

/** A non-negative decimal written plainly (`2`, `0.5`, `.5`), else undefined. */
export function strictDecimal(raw: string): number | undefined {
  const value = DECIMAL.test(raw) ? Number(raw) : Number.NaN;
  return Number.isFinite(value) ? value : undefined;
}

/** True when a number is written with a decimal point: both dialects read `0.5` as a ratio and `5` as pixels. */
export function hasDecimalPoint(raw: string): boolean {
  return raw.includes('.');
}
