import { invalidParameter } from '../errors/app-error.js';

/** An sRGB colour as three 0–255 channels. */
export type Rgb = readonly [number, number, number];

export type TextColour = '#ffffff' | '#000000';

const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];

function linearChannel(value: number): number {
  const c = value / 255;
  // 0.04045 is the sRGB standard's threshold; WCAG 2.0 printed 0.03928, which no 8-bit value falls between.
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** A colour as channels or as `#rrggbb`. */
export type Colour = Rgb | string;

function toRgb(colour: Colour): Rgb {
  if (typeof colour !== 'string') return colour;
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  if (match === null) throw invalidParameter('colour', 'a #rrggbb colour', colour);
  return [parseInt(match[1]!, 16), parseInt(match[2]!, 16), parseInt(match[3]!, 16)];
}

/**
 * WCAG 2 relative luminance of an sRGB colour, from 0 (black) to 1 (white).
 * @throws invalid_parameter when a string is not `#rrggbb`
 */
export function relativeLuminance(colour: Colour): number {
  const rgb = toRgb(colour);
  return 0.2126 * linearChannel(rgb[0]) + 0.7152 * linearChannel(rgb[1]) + 0.0722 * linearChannel(rgb[2]);
}

/**
 * WCAG 2 contrast ratio of two colours, from 1 (same luminance) to 21 (black on white); symmetric.
 * @throws invalid_parameter when a string is not `#rrggbb`
 */
export function contrastRatio(a: Colour, b: Colour): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * White or black, whichever has the higher WCAG contrast on `background` (black on an exact tie).
 * @throws invalid_parameter when a string is not `#rrggbb`
 */
export function textColourOn(background: Colour): TextColour {
  return contrastRatio(WHITE, background) > contrastRatio(BLACK, background) ? '#ffffff' : '#000000';
}
