const INTEGER = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$|^\.\d+$/;

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
