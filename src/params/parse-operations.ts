import { invalidParameter } from '../errors/app-error.js';
import { isOneOf } from '../shared/is.js';
import type { Operations, Padding } from './operations.js';
import { parseMark } from './parse-mark.js';
import { singleValue, strictDecimal, strictInteger, type RawQuery } from './query-values.js';
import { FLIPS, MAX_BLUR, MAX_PAD, MAX_SHARPEN, MAX_TRIM, MIN_BLUR, type Flip } from './vocabulary.js';

const HEX = /^#?([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

/** `bg=`: `rgb`, `rgba`, `rrggbb` or `rrggbbaa` hex (a leading `#`, sent as `%23`, is allowed) → `rrggbbaa`. */
export function parseColour(raw: string, name = 'bg'): string {
  const match = HEX.exec(raw);
  const digits = match?.[1]?.toLowerCase();
  if (digits === undefined) throw invalidParameter(name, 'a hex colour rgb, rgba, rrggbb or rrggbbaa (like ff8800 or ff880080)', raw);
  const long = digits.length <= 4 ? [...digits].map((d) => d + d).join('') : digits;
  return long.length === 6 ? `${long}ff` : long;
}

function parseRotate(raw: string): number {
  const value = strictInteger(raw);
  if (value === undefined || value > 359) throw invalidParameter('rot', 'an integer angle between 0 and 359 (clockwise degrees)', raw);
  return value;
}

function parseBounded(name: string, raw: string, min: number, max: number): number | undefined {
  const value = strictDecimal(raw);
  if (value === 0) return undefined;
  if (value === undefined || value < min || value > max) throw invalidParameter(name, `0 (off) or a number between ${min} and ${max}`, raw);
  return Math.round(value * 100) / 100;
}

function parseTrim(raw: string): number {
  const value = strictInteger(raw);
  if (value === undefined || value > MAX_TRIM) throw invalidParameter('trim', `a threshold, an integer between 0 and ${MAX_TRIM} (10 is a good start)`, raw);
  return value;
}

function parsePad(raw: string): Padding | undefined {
  const parts = raw.split(',').map((part) => strictInteger(part.trim()));
  const valid = (parts.length === 1 || parts.length === 4) && parts.every((v) => v !== undefined && v <= MAX_PAD);
  if (!valid) throw invalidParameter('pad', `one integer or four (top,right,bottom,left), each between 0 and ${MAX_PAD}`, raw);
  const [top, right = top, bottom = top, left = top] = parts as number[];
  const pad = { top: top!, right: right!, bottom: bottom!, left: left! };
  return pad.top + pad.right + pad.bottom + pad.left === 0 ? undefined : pad;
}

function parseSwitch(name: string, raw: string | undefined): boolean {
  if (raw === undefined || raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw invalidParameter(name, '1 or 0', raw);
}

/**
 * Reads the orientation, filter and canvas parameters (`rot flip blur sharpen trim bg pad upscale`) and the watermark's.
 * @throws invalid_parameter naming the parameter
 */
export function parseOperations(query: RawQuery): Operations {
  const read = <T>(name: string, parse: (raw: string) => T): T | undefined => {
    const raw = singleValue(query, name);
    return raw === undefined ? undefined : parse(raw);
  };
  const flip = read('flip', (raw): Flip => {
    if (!isOneOf(FLIPS, raw)) throw invalidParameter('flip', `one of ${FLIPS.join(', ')}`, raw);
    return raw;
  });
  return Object.freeze({
    rotate: read('rot', parseRotate) ?? 0,
    flip,
    blur: read('blur', (raw) => parseBounded('blur', raw, MIN_BLUR, MAX_BLUR)),
    sharpen: read('sharpen', (raw) => parseBounded('sharpen', raw, 0.01, MAX_SHARPEN)),
    trim: read('trim', parseTrim),
    background: read('bg', (raw) => parseColour(raw)),
    pad: read('pad', parsePad),
    upscale: parseSwitch('upscale', singleValue(query, 'upscale')),
    mark: parseMark(query),
  });
}
