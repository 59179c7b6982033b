import { invalidParameter } from '../errors/app-error.js';
import { roundNormalised, type NormalisedPoint } from '../geometry/normalised-point.js';
import { strictDecimal } from './query-values.js';

function parseCoordinate(raw: string): number | undefined {
  const text = raw.trim();
  if (text.endsWith('%')) {
    const pct = strictDecimal(text.slice(0, -1));
    return pct !== undefined && pct <= 100 ? pct / 100 : undefined;
  }
  const fraction = strictDecimal(text);
  return fraction !== undefined && fraction <= 1 ? fraction : undefined;
}

/** A fraction in [0,1] written as `0.3` or `30%`, rounded as focal points are; undefined when it is neither. */
export function parseFraction(raw: string): number | undefined {
  const value = parseCoordinate(raw);
  return value === undefined ? undefined : roundNormalised(value);
}

/** Parses `x,y` as fractions in [0,1] or percentages (`fp`, `markpos`). @throws invalid_parameter naming `name` */
export function parseFocalPoint(raw: string, name = 'fp'): NormalisedPoint {
  const parts = raw.split(',');
  const x = parts.length === 2 ? parseCoordinate(parts[0] ?? '') : undefined;
  const y = parts.length === 2 ? parseCoordinate(parts[1] ?? '') : undefined;
  if (x === undefined || y === undefined) {
    throw invalidParameter(name, 'two fractions in [0,1] or percentages, like 0.3,0.7 or 30%,70%', raw);
  }
  return Object.freeze({ x: roundNormalised(x), y: roundNormalised(y) });
}
