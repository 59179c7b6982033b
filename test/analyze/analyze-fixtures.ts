// Test-only helpers for the analyze suites: the response schema as a validator, images made on
// the fly (solid colours, a photo's faceless part, an EXIF-rotated photo) and shared assertions.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import sharp from 'sharp';
import type { AnalyzeResult } from '../../src/analyze/analyze-result.js';
import { contrastRatio } from '../../src/detect/contrast.js';
import { PALETTE_NAMES, type Palette } from '../../src/detect/palette.js';
import { containsRect, type Rect, type Size } from '../../src/geometry/types.js';

const Ajv = AjvModule.default;
const schema = JSON.parse(readFileSync(new URL('../../docs/analyze-result.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);

/** The schema's complaints about a value (`[]` when it conforms). */
export function schemaErrors(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

export function assertConformsToSchema(value: unknown, label: string): void {
  assert.deepEqual(schemaErrors(value), [], `${label} does not match docs/analyze-result.schema.json`);
}

/** True when the box lies wholly inside an image of `size`. */
export function insideImage(size: Size, box: Rect): boolean {
  return containsRect({ x: 0, y: 0, width: size.width, height: size.height }, box);
}

/** Faces best first, every box inside the image. */
export function assertFacesWellFormed(result: AnalyzeResult, label: string): void {
  for (let i = 1; i < result.faces.length; i++) assert.ok(result.faces[i - 1]!.score >= result.faces[i]!.score, `${label}: faces are not best first`);
  for (const box of result.faces) assert.ok(insideImage(result, box), `${label}: face ${JSON.stringify(box)} leaves the ${result.width}×${result.height} image`);
}

/** Every present swatch's text colour reads at least as well on it as the other choice would. */
export function assertTextColours(palette: Palette, label: string): void {
  for (const name of [...PALETTE_NAMES, 'dominant'] as const) {
    const swatch = palette[name];
    if (swatch === null) continue;
    for (const text of [swatch.bodyTextOnColor, swatch.titleTextOnColor]) {
      const other = text === '#ffffff' ? '#000000' : '#ffffff';
      assert.ok(contrastRatio(text, swatch.rgb) >= contrastRatio(other, swatch.rgb), `${label}: ${text} on ${name} ${swatch.hex}`);
    }
  }
}

/** A PNG of one colour. */
export function solidPng(width: number, height: number, colour: string): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer();
}

/** Parses `#rrggbb`. */
export function hexToRgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/**
 * A PNG mostly of `colour` with per-pixel noise (±`noise` per channel, a fixed LCG so every run
 * sees the same pixels) and a few solid blocks of other colours on it.
 */
export async function noisyPng(size: Size, colour: string, options: { noise: number; blocks: readonly (Rect & { colour: string })[] }): Promise<Buffer> {
  const base = hexToRgb(colour);
  const data = Buffer.alloc(size.width * size.height * 3);
  let state = 12345;
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const jitter = Math.round(((state >>> 16) / 65535) * 2 * options.noise - options.noise);
    data[i] = Math.min(255, Math.max(0, base[i % 3]! + jitter));
  }
  for (const block of options.blocks) {
    const rgb = hexToRgb(block.colour);
    for (let y = block.y; y < block.y + block.height; y++) {
      for (let x = block.x; x < block.x + block.width; x++) data.set(rgb, (y * size.width + x) * 3);
    }
  }
  return sharp(data, { raw: { width: size.width, height: size.height, channels: 3 } }).png().toBuffer();
}

/** A region of a photo, re-encoded as JPEG. */
export function cropJpeg(path: string, region: Rect): Promise<Buffer> {
  return sharp(path).extract({ left: region.x, top: region.y, width: region.width, height: region.height }).jpeg({ quality: 90 }).toBuffer();
}

/**
 * The photo stored on its side with EXIF orientation 6 ("rotate 90° clockwise to display"), as a
 * camera held upright writes it: viewers, and the analysis, should see it upright.
 */
export async function orientation6Jpeg(path: string): Promise<Buffer> {
  const sideways = await sharp(path).rotate(270).jpeg({ quality: 90 }).toBuffer();
  return sharp(sideways).withMetadata({ orientation: 6 }).jpeg({ quality: 90 }).toBuffer();
}
