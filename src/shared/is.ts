// The validation vocabulary (after sharp's lib/is.js): small predicates every layer checks values with.
// Messages come from errors/app-error.ts: invalidParameter (the client's mistake, a 400) and invalidOption
// (a programming error, a 500).

/** A safe integer. */
export function isInteger(value: unknown): value is number {
  return Number.isSafeInteger(value);
}

/** A safe integer from `min` to `max`, both included. */
export function isIntegerInRange(value: unknown, min: number, max: number): value is number {
  return isInteger(value) && value >= min && value <= max;
}

/** A safe integer above zero (counts, sizes and durations). */
export function isPositiveInteger(value: unknown): value is number {
  return isIntegerInRange(value, 1, Number.MAX_SAFE_INTEGER);
}

/** A string with at least one character. */
export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** One of a closed list of strings (the vocabularies of params/vocabulary.ts and friends). */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}
