import { Swatch } from '@vibrant/color';
import { DefaultGenerator } from '@vibrant/generator-default';
import { MMCQ } from '@vibrant/quantizer-mmcq';
import { AppError } from '../errors/app-error.js';
import { textColourOn, type Rgb, type TextColour } from './contrast.js';
import type { RawPixels } from './pixels.js';
import { assertRawPixels } from './rgba.js';

/** The six swatch names of SPEC §2, in the order ties for `dominant` are broken. */
export const PALETTE_NAMES = ['vibrant', 'muted', 'darkVibrant', 'darkMuted', 'lightVibrant', 'lightMuted'] as const;
export type PaletteName = (typeof PALETTE_NAMES)[number];

export interface PaletteSwatch {
  readonly hex: string;
  readonly rgb: Rgb;
  /** Pixels of the given preview in the swatch's colour box; always at least 1. */
  readonly population: number;
  readonly bodyTextOnColor: TextColour;
  readonly titleTextOnColor: TextColour;
}

export type Palette = { readonly [K in PaletteName]: PaletteSwatch | null } & {
  /** The swatch above with the largest population, with its name; null when all are null. */
  readonly dominant: (PaletteSwatch & { readonly name: PaletteName }) | null;
};

/** Tunables of palette extraction. */
export const PALETTE_DEFAULTS = Object.freeze({
  // Colours MMCQ reduces the image to before the generator picks six; node-vibrant's default.
  colorCount: 64,
  // Pixels with less alpha are ignored, as node-vibrant's default filter does.
  minAlpha: 125,
  // Pixels with every channel above this are paper-white background, ignored as node-vibrant does.
  maxWhiteChannel: 250,
} as const);

// node-vibrant's keys, mapped to ours in the order above.
const VIBRANT_KEYS = {
  vibrant: 'Vibrant',
  muted: 'Muted',
  darkVibrant: 'DarkVibrant',
  darkMuted: 'DarkMuted',
  lightVibrant: 'LightVibrant',
  lightMuted: 'LightMuted',
} as const satisfies Record<PaletteName, string>;

function keep(r: number, g: number, b: number, a: number): boolean {
  const max = PALETTE_DEFAULTS.maxWhiteChannel;
  return a >= PALETTE_DEFAULTS.minAlpha && !(r > max && g > max && b > max);
}

/** The pixels as RGBA with ignored pixels made transparent (MMCQ's histogram skips alpha 0); null if none is left. */
function quantizerInput(pixels: RawPixels): Uint8ClampedArray | null {
  const { data, channels } = pixels;
  const count = pixels.width * pixels.height;
  const rgba = new Uint8ClampedArray(count * 4);
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const s = i * channels;
    const r = data[s]!;
    const g = data[s + 1]!;
    const b = data[s + 2]!;
    const a = channels === 4 ? data[s + 3]! : 255;
    if (!keep(r, g, b, a)) continue;
    rgba[i * 4] = r;
    rgba[i * 4 + 1] = g;
    rgba[i * 4 + 2] = b;
    rgba[i * 4 + 3] = 255;
    kept++;
  }
  return kept > 0 ? rgba : null;
}

function toSwatch(swatch: Swatch | null): PaletteSwatch | null {
  // node-vibrant fills missing swatches with colours derived from the others (population 0): the image
  // does not have them, and SPEC §2 says such a swatch is null.
  if (swatch === null || swatch.population === 0) return null;
  // Derived swatches come from HSL maths as fractions; MMCQ's are already integers.
  const [r, g, b] = swatch.rgb.map((c) => Math.min(255, Math.max(0, Math.round(c))));
  const rgb: Rgb = [r!, g!, b!];
  const text = textColourOn(rgb);
  const hex = `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  return { hex, rgb, population: swatch.population, bodyTextOnColor: text, titleTextOnColor: text };
}

const EMPTY: Palette = Object.freeze({ vibrant: null, muted: null, darkVibrant: null, darkMuted: null, lightVibrant: null, lightMuted: null, dominant: null });

/**
 * node-vibrant's palette of the pixels (MMCQ quantiser and default generator, without its image
 * loader): six named swatches, each null when the image has no such colour, and the dominant one.
 * Synchronous and deterministic; every swatch is null for a blank, white or transparent image.
 * @throws internal_error when the pixel buffer does not match its size
 */
export function extractPalette(pixels: RawPixels): Palette {
  assertRawPixels(pixels);
  const input = quantizerInput(pixels);
  if (input === null) return EMPTY;
  const quantised = Swatch.applyFilters(MMCQ(input, { colorCount: PALETTE_DEFAULTS.colorCount }), [keep]);
  const generated = DefaultGenerator(quantised);
  if (generated instanceof Promise) throw new AppError('internal_error', '@vibrant/generator-default became asynchronous: check its version');

  const pick = (name: PaletteName) => toSwatch(generated[VIBRANT_KEYS[name]] ?? null);
  const swatches = {
    vibrant: pick('vibrant'),
    muted: pick('muted'),
    darkVibrant: pick('darkVibrant'),
    darkMuted: pick('darkMuted'),
    lightVibrant: pick('lightVibrant'),
    lightMuted: pick('lightMuted'),
  } satisfies Record<PaletteName, PaletteSwatch | null>;
  let dominant: Palette['dominant'] = null;
  for (const name of PALETTE_NAMES) {
    const swatch = swatches[name];
    // Strictly greater, so ties go to the earlier name and the answer never depends on anything else.
    if (swatch !== null && (dominant === null || swatch.population > dominant.population)) dominant = { ...swatch, name };
  }
  return { ...swatches, dominant };
}
