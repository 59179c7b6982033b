import { invalidParameter } from '../../errors/app-error.js';
import type { RawQuery } from '../parse-transform.js';

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
