import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contrastRatio, relativeLuminance, textColourOn } from '../../src/detect/contrast.js';
import { extractPalette, PALETTE_NAMES, type Palette } from '../../src/detect/palette.js';
import type { RawPixels } from '../../src/detect/pixels.js';
import { noisePixels, patchPixels, photoPixels, rgbDistance, withAlpha } from '../fixtures/raw-pixels.js';
import { SAMPLE_PATHS } from '../fixtures/photos.js';

function hexToRgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

function assertWellFormed(palette: Palette): void {
  for (const name of PALETTE_NAMES) {
    const swatch = palette[name];
    if (swatch === null) continue;
    assert.match(swatch.hex, /^#[0-9a-f]{6}$/, name);
    assert.deepEqual(hexToRgb(swatch.hex), [...swatch.rgb], name);
    assert.ok(swatch.rgb.every((c) => Number.isInteger(c) && c >= 0 && c <= 255), name);
    assert.ok(Number.isInteger(swatch.population) && swatch.population >= 1, `${name}: a swatch the image does not have is null`);
    for (const text of [swatch.bodyTextOnColor, swatch.titleTextOnColor]) {
      const other = text === '#ffffff' ? '#000000' : '#ffffff';
      assert.ok(contrastRatio(text, swatch.rgb) >= contrastRatio(other, swatch.rgb), `${name} ${swatch.hex} text ${text}`);
    }
  }
  const present = PALETTE_NAMES.filter((name) => palette[name] !== null);
  if (present.length === 0) return assert.equal(palette.dominant, null);
  const best = Math.max(...present.map((name) => palette[name]!.population));
  assert.ok(palette.dominant !== null);
  assert.equal(palette.dominant.population, best);
  assert.deepEqual({ ...palette[palette.dominant.name], name: palette.dominant.name }, palette.dominant);
}

describe('contrast', () => {
  it('matches the WCAG 2 reference values', () => {
    assert.equal(contrastRatio('#000000', '#ffffff'), 21);
    assert.equal(contrastRatio('#777777', '#777777'), 1);
    assert.equal(contrastRatio([255, 255, 0], [0, 0, 128]), contrastRatio('#000080', '#ffff00'));
    // #767676 on white is the classic "just passes AA" grey: 4.54:1.
    assert.ok(Math.abs(contrastRatio('#767676', '#ffffff') - 4.54) < 0.01);
    assert.ok(Math.abs(relativeLuminance('#ff0000') - 0.2126) < 1e-9);
  });

  it('picks the text colour with the higher contrast', () => {
    const cases: [string, string][] = [
      ['#ffff00', '#000000'],
      ['#000080', '#ffffff'],
      ['#ffffff', '#000000'],
      ['#000000', '#ffffff'],
      ['#c0392b', '#ffffff'],
      ['#00ff00', '#000000'],
    ];
    for (const [background, text] of cases) assert.equal(textColourOn(background), text, background);
  });

  it('refuses a malformed colour', () => {
    assert.throws(() => contrastRatio('red', '#ffffff'), { code: 'invalid_parameter' });
  });
});

describe('extractPalette', () => {
  it('finds the colour an image is mostly made of as the dominant swatch', async () => {
    for (const colour of ['#2e86de', '#8a7f72', '#1e5631', '#f5cba7']) {
      const pixels = await patchPixels({ width: 256, height: 171 }, colour, [
        { left: 20, top: 20, width: 30, height: 30, colour: '#101010' },
        { left: 200, top: 120, width: 30, height: 30, colour: '#fafafa' },
      ]);
      const palette = extractPalette(pixels);
      assertWellFormed(palette);
      assert.ok(palette.dominant !== null, colour);
      // MMCQ works on 5-bit channels, so a swatch can be up to 4 off per channel.
      assert.ok(rgbDistance(palette.dominant.rgb, hexToRgb(colour)) <= 12, `${colour} → ${palette.dominant.hex}`);
      assert.ok(palette.dominant.population > (256 * 171) / 2, colour);
    }
  });

  it('invents no swatch: a single-colour image has one, the rest are null (SPEC §2)', async () => {
    for (const colour of ['#2e86de', '#c0392b', '#333333']) {
      const palette = extractPalette(await patchPixels({ width: 64, height: 64 }, colour));
      assertWellFormed(palette);
      const present = PALETTE_NAMES.filter((name) => palette[name] !== null);
      assert.equal(present.length, 1, `${colour}: ${present.join(', ')}`);
      assert.equal(palette.dominant?.name, present[0]);
    }
  });

  it('gives well-formed palettes for the real photos', async () => {
    for (const path of SAMPLE_PATHS) {
      const palette = extractPalette(await photoPixels(path));
      assertWellFormed(palette);
      assert.ok(palette.dominant !== null && palette.dominant.population > 0, path);
      assert.ok(PALETTE_NAMES.filter((name) => palette[name] !== null).length >= 4, path);
    }
  });

  it('never throws on tiny, blank, white or transparent images', async () => {
    const inputs: RawPixels[] = [
      { data: new Uint8Array([200, 30, 30]), width: 1, height: 1, channels: 3 },
      { data: new Uint8Array([200, 30, 30, 0]), width: 1, height: 1, channels: 4 },
      await patchPixels({ width: 8, height: 8 }, '#336699'),
      await patchPixels({ width: 256, height: 171 }, '#808080'),
      await patchPixels({ width: 64, height: 64 }, '#000000'),
      noisePixels(8, 8),
    ];
    for (const pixels of inputs) assertWellFormed(extractPalette(pixels));
    const white = extractPalette(await patchPixels({ width: 64, height: 64 }, '#ffffff'));
    const clear = extractPalette(await patchPixels({ width: 64, height: 64 }, '#ff000000', [], 4));
    for (const palette of [white, clear]) {
      assert.ok(PALETTE_NAMES.every((name) => palette[name] === null));
      assert.equal(palette.dominant, null);
    }
  });

  it('gives the same palette for RGB and RGBA input, and for repeated runs', async () => {
    const rgb = await photoPixels(SAMPLE_PATHS[2]!);
    const first = extractPalette(rgb);
    assert.deepEqual(extractPalette(withAlpha(rgb)), first);
    assert.deepEqual(extractPalette(rgb), first);
    assert.deepEqual(JSON.parse(JSON.stringify(first)), first);
  });

  // Its speed (≈ 2 ms on a 256 px preview) is measured by bench/analyze.bench.ts, not asserted here.
});
