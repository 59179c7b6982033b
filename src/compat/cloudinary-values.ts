import { hasDecimalPoint, strictDecimal, strictInteger } from '../params/query-values.js';
import { MAX_DIMENSION, MAX_DPR, type FormatRequest, type OutputFormat } from '../params/vocabulary.js';
import { parseAspectRatio } from './aspect-ratio.js';
import { invalidCloudinaryAction } from './cloudinary-error.js';

/** A Cloudinary length: whole numbers are pixels, decimals a fraction of the input (`w_0.5`, `x_0.3`). */
export type CloudinaryLength = { readonly kind: 'pixels'; readonly value: number } | { readonly kind: 'ratio'; readonly value: number };

/** Output formats Cloudinary can name (`f_` or the extension) that Convertly encodes. */
export const CLOUDINARY_FORMATS = {
  jpg: 'jpeg', jpeg: 'jpeg', jpe: 'jpeg', png: 'png', webp: 'webp', avif: 'avif', gif: 'gif',
} as const satisfies Record<string, OutputFormat>;

/** Reads `w_`/`h_`; `auto` (client hints) is the caller's business. @throws invalid_parameter */
export function readCloudinaryLength(component: string, key: string, raw: string): CloudinaryLength {
  if (hasDecimalPoint(raw)) {
    const ratio = strictDecimal(raw);
    if (ratio !== undefined && ratio > 0 && ratio <= 100) return { kind: 'ratio', value: ratio };
  } else {
    const pixels = strictInteger(raw);
    if (pixels !== undefined && pixels >= 1 && pixels <= MAX_DIMENSION) return { kind: 'pixels', value: pixels };
  }
  throw invalidCloudinaryAction(component, key, `an integer between 1 and ${MAX_DIMENSION} or a decimal ratio like 0.5`, raw);
}

/** Reads `x_`/`y_` as a point (non-negative). @throws invalid_parameter */
export function readCloudinaryCoordinate(component: string, key: string, raw: string): CloudinaryLength {
  const value = hasDecimalPoint(raw) ? strictDecimal(raw) : strictInteger(raw);
  if (value === undefined) throw invalidCloudinaryAction(component, key, 'a pixel position or a decimal ratio like 0.3', raw);
  return hasDecimalPoint(raw) ? { kind: 'ratio', value } : { kind: 'pixels', value };
}

/** Reads `ar_16:9` or `ar_1.5`. @throws invalid_parameter */
export function readCloudinaryAspectRatio(component: string, raw: string): number {
  const ratio = parseAspectRatio(raw);
  if (ratio === undefined) throw invalidCloudinaryAction(component, 'ar', 'an aspect ratio like 16:9 or 1.5', raw);
  return ratio;
}

/** Reads `f_`; `f_auto:<kind>` is still auto. @throws invalid_parameter */
export function readCloudinaryFormat(component: string, raw: string): FormatRequest {
  if (raw === 'auto' || raw.startsWith('auto:')) return 'auto';
  if (Object.hasOwn(CLOUDINARY_FORMATS, raw)) return CLOUDINARY_FORMATS[raw as keyof typeof CLOUDINARY_FORMATS];
  throw invalidCloudinaryAction(component, 'f', `auto or one of ${Object.keys(CLOUDINARY_FORMATS).join(', ')}`, raw);
}

/** Reads `q_`: a number (a `:420`-style suffix is dropped) or `auto` (Convertly's per-format default). @throws invalid_parameter */
export function readCloudinaryQuality(component: string, raw: string): { quality: number | 'auto'; dropped?: string } {
  if (raw === 'auto' || raw.startsWith('auto:') || raw.startsWith('jpegmini')) return { quality: 'auto' };
  const [number = '', suffix] = raw.split(':', 2);
  const value = strictInteger(number);
  if (value === undefined || value < 1 || value > 100) {
    throw invalidCloudinaryAction(component, 'q', 'auto or an integer between 1 and 100', raw);
  }
  return suffix === undefined ? { quality: value } : { quality: value, dropped: suffix };
}

/** Reads `dpr_` (`auto` is the caller's business). @throws invalid_parameter */
export function readCloudinaryDpr(component: string, raw: string): number {
  const value = strictDecimal(raw);
  if (value === undefined || value < 1 || value > MAX_DPR) {
    throw invalidCloudinaryAction(component, 'dpr', `auto or a number between 1 and ${MAX_DPR}`, raw);
  }
  return value;
}
