import type { Operations } from '../params/operations.js';
import { parseColour } from '../params/parse-operations.js';
import { strictInteger } from '../params/query-values.js';
import { MAX_BLUR, MAX_SHARPEN, MIN_BLUR, type Flip } from '../params/vocabulary.js';
import { invalidCloudinaryAction } from './cloudinary-error.js';

type Mutable<T> = { -readonly [K in keyof T]?: T[K] };

/** The few named colours Cloudinary URLs use most; anything else is written `rgb:rrggbb[aa]`. */
const NAMED_COLOURS: Readonly<Record<string, string>> = {
  white: 'ffffff', black: '000000', red: 'ff0000', green: '008000', blue: '0000ff', gray: '808080', grey: '808080', transparent: '00000000', none: '00000000',
};

function strength(component: string, key: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = strictInteger(raw);
  if (value === undefined || value < 1 || value > max) throw invalidCloudinaryAction(component, key, `an integer between 1 and ${max}`, raw);
  return value;
}

function readAngle(component: string, raw: string, ops: Mutable<Operations>): void {
  let flip: { h: boolean; v: boolean } = { h: false, v: false };
  let rotate = 0;
  for (const part of raw.split('.')) {
    if (part === 'hflip') flip = { ...flip, h: !flip.h };
    else if (part === 'vflip') flip = { ...flip, v: !flip.v };
    else if (/^-?\d+$/.test(part) && Math.abs(Number(part)) <= 360) rotate = (((rotate + Number(part)) % 360) + 360) % 360;
    else throw invalidCloudinaryAction(component, 'a', 'an angle in degrees, hflip or vflip (joined with .)', raw);
  }
  if (rotate !== 0) ops.rotate = rotate;
  const name = `${flip.h ? 'h' : ''}${flip.v ? 'v' : ''}`;
  if (name !== '') ops.flip = name as Flip;
}

function readBackground(component: string, raw: string): string {
  const named = NAMED_COLOURS[raw.toLowerCase()];
  if (named !== undefined) return parseColour(named);
  if (raw.startsWith('rgb:')) {
    try {
      return parseColour(raw.slice(4));
    } catch {
      // the house message below names the action
    }
  }
  throw invalidCloudinaryAction(component, 'b', `rgb:rrggbb, rgb:rrggbbaa or one of ${Object.keys(NAMED_COLOURS).join(', ')}`, raw);
}

/**
 * Reads one component's a_ (angle, hflip, vflip), b_ (background) and the e_blur, e_sharpen and e_trim
 * effects as Convertly operations; returns the keys it consumed so they are not reported as unsupported.
 * Cloudinary's strengths have no published sigma: e_blur:N is sigma N/20 and e_sharpen:N sigma N/100 here.
 * @throws invalid_parameter naming the component and the action
 */
export function readCloudinaryOperations(
  component: string,
  actions: ReadonlyMap<string, string>,
  notes: string[],
): { operations: Partial<Operations>; consumed: string[] } {
  const ops: Mutable<Operations> = {};
  const consumed: string[] = [];
  const angle = actions.get('a');
  if (angle !== undefined && !angle.startsWith('auto') && angle !== 'exif' && angle !== 'ignore') {
    readAngle(component, angle, ops);
    consumed.push('a');
  }
  const background = actions.get('b');
  if (background !== undefined && !background.startsWith('auto') && !background.startsWith('gen_') && background !== 'blurred') {
    ops.background = readBackground(component, background);
    consumed.push('b');
  }
  const effect = actions.get('e');
  if (effect !== undefined) {
    const [name, argument] = effect.split(':', 2);
    if (name === 'blur') {
      ops.blur = Math.min(MAX_BLUR, Math.max(MIN_BLUR, strength(component, 'e', argument, 100, 2000) / 20));
      notes.push(`e_${effect} is a Gaussian blur of sigma ${ops.blur} here.`);
    } else if (name === 'sharpen') {
      ops.sharpen = Math.min(MAX_SHARPEN, strength(component, 'e', argument, 100, 2000) / 100);
      notes.push(`e_${effect} is a sharpen of sigma ${ops.sharpen} here.`);
    } else if (name === 'trim') {
      // Cloudinary's tolerance is a percentage of colour difference; sharp's threshold is on 0–255.
      const tolerance = argument === undefined ? 10 : strictInteger(argument);
      if (tolerance === undefined || tolerance > 100) throw invalidCloudinaryAction(component, 'e', 'trim or trim:N with N between 0 and 100', effect);
      ops.trim = Math.round(tolerance * 2.55);
    }
    if (name === 'blur' || name === 'sharpen' || name === 'trim') consumed.push('e');
  }
  return { operations: ops, consumed };
}
