import { AppError } from '../errors/app-error.js';
import { CANONICAL_PARAMS } from './canonical-key.js';
import type { RawQuery } from './query-values.js';

/** Every parameter the native dialect reads: the transform's, `crop`, `preset`, and the credentials (`key`, `s`, `expires`). */
export const NATIVE_PARAMS: readonly string[] = [...CANONICAL_PARAMS, 'crop', 'preset', 'key', 's', 'expires'];

/** Optimal string alignment distance: edits, with a swap of two neighbours counted as one (`gravtiy`). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The known parameter an unknown name is a likely misspelling of, or undefined. Conservative, so a foreign
 * parameter is never mistaken for a typo: names of one or two letters never match; three-letter names
 * (`fit`, `dpr`, `rot`, `pad`) only match one extra letter (`fitt`); longer ones one edit, two from seven letters.
 */
export function misspelledParameter(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (NATIVE_PARAMS.includes(name)) return undefined;
  for (const known of NATIVE_PARAMS) {
    if (known.length < 3 || lower === known) {
      if (lower === known) return known; // `W` or `GRAVITY`: the parameter is case-sensitive
      continue;
    }
    const distance = editDistance(lower, known);
    if (known.length === 3 ? distance === 1 && lower.length === 4 && lower.startsWith(known) : distance <= (known.length >= 7 ? 2 : 1)) return known;
  }
  return undefined;
}

/** The query's parameters the native dialect does not read, in the order given. */
export function unknownParameters(query: RawQuery): string[] {
  return Object.keys(query).filter((name) => query[name] !== undefined && !NATIVE_PARAMS.includes(name));
}

/**
 * A parameter that looks like a misspelling of a known one is a 400 naming both: a silent centre crop for
 * `gravty=face` would be worse than an error.
 * @throws invalid_parameter
 */
export function assertNoMisspelling(query: RawQuery): void {
  for (const name of unknownParameters(query)) {
    const known = misspelledParameter(name);
    if (known === undefined) continue;
    throw new AppError('invalid_parameter', `Unknown parameter ${JSON.stringify(name)}: did you mean ${known}?`, {
      details: { parameter: name, suggestion: known },
    });
  }
}
