import { invalidParameter } from '../errors/app-error.js';
import type { Operations, Padding } from '../params/operations.js';
import { parseColour } from '../params/parse-operations.js';
import { singleValue, strictDecimal, strictInteger, type RawQuery } from '../params/query-values.js';
import { FLIPS, MAX_BLUR, MAX_PAD, MAX_SHARPEN, MIN_BLUR, type Flip } from '../params/vocabulary.js';
import type { TranslationLog } from './translation.js';

/** The imgix parameters read here: orientation, filters and canvas. */
export const IMGIX_OPERATION_PARAMS = [
  'rot', 'flip', 'blur', 'sharp', 'trim', 'trim-tol', 'bg', 'fill-color', 'pad', 'pad-top', 'pad-right', 'pad-bottom', 'pad-left',
] as const;

function integer(name: string, raw: string, min: number, max: number): number {
  const value = strictInteger(raw);
  if (value === undefined || value < min || value > max) throw invalidParameter(name, `an integer between ${min} and ${max}`, raw);
  return value;
}

/** The CSS colour names imgix URLs use most. */
const NAMED: Readonly<Record<string, string>> = {
  white: 'fff', black: '000', red: 'f00', green: '008000', blue: '00f', gray: '808080', grey: '808080', transparent: '0000',
};

/** imgix colours are `RGB`, `ARGB`, `RRGGBB` or `AARRGGBB` (alpha first) or a CSS name; Convertly's are alpha last. */
export function imgixColour(name: string, raw: string): string {
  const digits = NAMED[raw.toLowerCase()] ?? raw.replace(/^#/, '');
  if (!/^([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(digits)) throw invalidParameter(name, 'a hex colour RGB, ARGB, RRGGBB or AARRGGBB', raw);
  const alphaFirst = digits.length === 4 || digits.length === 8;
  const split = digits.length === 4 ? 1 : 2;
  return parseColour(alphaFirst ? digits.slice(split) + digits.slice(0, split) : digits, name);
}

function readPadding(query: RawQuery): Padding | undefined {
  const all = singleValue(query, 'pad');
  const base = all === undefined ? 0 : integer('pad', all, 0, MAX_PAD);
  const side = (name: string) => {
    const raw = singleValue(query, name);
    return raw === undefined ? base : integer(name, raw, 0, MAX_PAD);
  };
  const pad = { top: side('pad-top'), right: side('pad-right'), bottom: side('pad-bottom'), left: side('pad-left') };
  return pad.top + pad.right + pad.bottom + pad.left === 0 ? undefined : pad;
}

/**
 * Reads imgix's rot, flip, blur, sharp, trim, bg, fill-color (when `pads`: fit=fill or fillmax) and pad as Convertly operations.
 * imgix's blur (0–2000) and sharp (0–100) have no published sigma: they are mapped onto Gaussian sigmas
 * (blur/10, sharp/20) and say so in a note.
 * @throws invalid_parameter naming the imgix parameter
 */
export function translateImgixOperations(query: RawQuery, log: TranslationLog, pads: boolean): Partial<Operations> {
  const ops: { -readonly [K in keyof Operations]?: Operations[K] } = {};
  const rot = singleValue(query, 'rot');
  if (rot !== undefined) ops.rotate = integer('rot', rot, 0, 359);
  const flip = singleValue(query, 'flip');
  if (flip !== undefined) {
    if (!(FLIPS as readonly string[]).includes(flip)) throw invalidParameter('flip', `one of ${FLIPS.join(', ')}`, flip);
    ops.flip = flip as Flip;
  }
  const blur = singleValue(query, 'blur');
  if (blur !== undefined && integer('blur', blur, 0, 2000) > 0) {
    ops.blur = Math.min(MAX_BLUR, Math.max(MIN_BLUR, Number(blur) / 10));
    log.notes.push(`blur=${blur} is a Gaussian blur of sigma ${ops.blur} here (imgix's own radius differs slightly).`);
  }
  const sharp = singleValue(query, 'sharp');
  if (sharp !== undefined && integer('sharp', sharp, 0, 100) > 0) {
    ops.sharpen = Math.min(MAX_SHARPEN, Number(sharp) / 20);
    log.notes.push(`sharp=${sharp} is a sharpen of sigma ${ops.sharpen} here (imgix's own strength differs slightly).`);
  }
  const trim = singleValue(query, 'trim');
  if (trim !== undefined) {
    if (trim !== 'auto' && trim !== 'color') throw invalidParameter('trim', 'auto or color', trim);
    const tolerance = singleValue(query, 'trim-tol');
    ops.trim = tolerance === undefined ? 10 : Math.round(strictDecimal(tolerance) ?? Number.NaN);
    if (!Number.isInteger(ops.trim) || ops.trim > 255) throw invalidParameter('trim-tol', 'a number between 0 and 255', tolerance);
  }
  // `fill-color` is the padding colour of fit=fill/fillmax (imgix ignores it otherwise), `bg` the colour behind transparency.
  const fillColour = pads ? singleValue(query, 'fill-color') : undefined;
  const colour = fillColour ?? singleValue(query, 'bg');
  if (colour !== undefined) ops.background = imgixColour(fillColour === undefined ? 'bg' : 'fill-color', colour);
  const pad = readPadding(query);
  if (pad !== undefined) ops.pad = pad;
  return ops;
}

/** imgix pads inside the `w`×`h` box; Convertly adds padding around the output, so the box shrinks by it. */
export function paddedBox(draft: { width?: number; height?: number }, pad: Padding | undefined): void {
  if (pad === undefined) return;
  if (draft.width !== undefined) draft.width = Math.max(1, draft.width - pad.left - pad.right);
  if (draft.height !== undefined) draft.height = Math.max(1, draft.height - pad.top - pad.bottom);
}
