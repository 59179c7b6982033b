// Previews skip libvips' conversion to sRGB only where it is an identity: an embedded sRGB profile.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { isSrgbProfile } from '../../src/engine/icc-profile.js';
import { loadPreview } from '../../src/engine/preview.js';
import { probeImage } from '../../src/engine/source-info.js';
import { DEFAULT_MAX_INPUT_PIXELS } from '../../src/config/limits.js';
import { sampleBytes } from '../fixtures/photos.js';

const limits = { maxInputPixels: DEFAULT_MAX_INPUT_PIXELS };
const embedded = async (bytes: Buffer): Promise<Buffer> => {
  const { icc } = await sharp(bytes).metadata();
  assert.ok(icc, 'the photo carries a profile');
  return icc;
};
/** sample1 re-encoded with one of libvips' own profiles: its pixels converted into it and the profile embedded. */
const tagged = (profile: 'srgb' | 'p3') => sharp(sampleBytes(1)).resize(640).withIccProfile(profile).jpeg({ quality: 90 }).toBuffer();

describe('isSrgbProfile', () => {
  it("knows the sRGB profiles of a camera-style JPEG (HP's, ICC v2) and of libvips (v4)", async () => {
    assert.equal(isSrgbProfile(await embedded(sampleBytes(1))), true);
    assert.equal(isSrgbProfile(await embedded(await tagged('srgb'))), true);
  });

  it('refuses Display P3, CMYK and a linear-light variant of sRGB', async () => {
    assert.equal(isSrgbProfile(await embedded(await tagged('p3'))), false);
    const cmyk = await sharp(sampleBytes(1)).resize(64).toColourspace('cmyk').withIccProfile('cmyk').jpeg().toBuffer();
    assert.equal(isSrgbProfile(await embedded(cmyk)), false);
    // The sample's three tone curves share one `curv` tag: a count of 0 makes it the identity curve.
    const linear = Buffer.from(await embedded(sampleBytes(1)));
    const curve = linear.indexOf('curv', 128, 'latin1');
    assert.ok(curve > 0);
    linear.writeUInt32BE(0, curve + 8);
    assert.equal(isSrgbProfile(linear), false);
  });

  it("refuses sRGB's name on other primaries or another tone curve, each checked on its own", async () => {
    const hp = await embedded(sampleBytes(1));
    // Display P3's primaries (D50) in HP's rXYZ/gXYZ/bXYZ tags: the tone curve is still sRGB's.
    const p3 = Buffer.from(hp);
    const P3 = { rXYZ: [0.5151, 0.2412, -0.0011], gXYZ: [0.292, 0.6922, 0.0419], bXYZ: [0.1571, 0.0666, 0.7841] };
    for (const [sig, values] of Object.entries(P3)) {
      const at = p3.indexOf(sig, 128, 'latin1');
      const offset = p3.readUInt32BE(at + 4);
      values.forEach((v, i) => p3.writeInt32BE(Math.round(v * 65536), offset + 8 + i * 4));
    }
    assert.equal(isSrgbProfile(p3), false);
    // A gamma of 2.2 in place of sRGB's curve (level 30 comes out as 24): the primaries are still sRGB's.
    const gamma = Buffer.from(hp);
    const curve = gamma.indexOf('curv', 128, 'latin1');
    gamma.writeUInt32BE(1, curve + 8);
    gamma.writeUInt16BE(0x0233, curve + 12);
    assert.equal(isSrgbProfile(gamma), false);
    // The same profile under another name is still sRGB: it is the numbers that count.
    const renamed = Buffer.from(hp);
    const name = renamed.indexOf('sRGB', 128, 'latin1');
    assert.ok(name > 0);
    renamed.write('xxxx', name, 'latin1');
    assert.equal(isSrgbProfile(renamed), true);
  });

  it('answers false, without throwing, for bytes that are not a whole profile', async () => {
    const icc = await embedded(sampleBytes(1));
    assert.equal(isSrgbProfile(new Uint8Array(0)), false);
    assert.equal(isSrgbProfile(icc.subarray(0, 131)), false);
    assert.equal(isSrgbProfile(icc.subarray(0, 300)), false, 'tags pointing past the end');
    assert.equal(isSrgbProfile(Buffer.from(icc).fill(0xff, 128, 132)), false, 'an absurd tag count');
    assert.equal(isSrgbProfile(Buffer.alloc(4096, 0x41)), false);
  });
});

describe('previews and embedded profiles', () => {
  it('probeImage flags an sRGB profile only', async () => {
    assert.equal((await probeImage(sampleBytes(1), limits)).iccToSrgb, 'near-identity');
    assert.equal((await probeImage(await tagged('p3'), limits)).iccToSrgb, 'changes');
    assert.equal((await probeImage(sampleBytes(6), limits)).iccToSrgb, 'changes', 'sample6 carries no profile');
    // 16 bits a channel with libvips' own sRGB profile: the conversion is also what brings it to 8 bits.
    const deep = await sharp(sampleBytes(1)).resize(64).toColourspace('rgb16').withIccProfile('srgb').png().toBuffer();
    const deepSource = await probeImage(deep, limits);
    assert.equal(deepSource.depth, 'ushort');
    assert.equal(deepSource.iccToSrgb, 'changes');
  });

  it("gives the pixels of libvips' own conversion to sRGB, byte for byte, whether it skips it or not", async () => {
    for (const bytes of [sampleBytes(1), await tagged('srgb'), await tagged('p3'), sampleBytes(6)]) {
      const source = await probeImage(bytes, limits);
      for (const maxSide of [448, 896]) {
        const preview = await loadPreview(bytes, source, { maxSide, channels: 3, limits });
        const converted = await sharp(bytes)
          .autoOrient()
          .resize(preview.width, preview.height, { fit: 'fill' })
          .flatten({ background: '#ffffff' })
          .removeAlpha()
          .raw()
          .toBuffer();
        assert.ok(Buffer.from(preview.data.buffer, preview.data.byteOffset, preview.data.byteLength).equals(converted), `${source.width}×${source.height} at ${maxSide}`);
      }
    }
  });

  it('skips the conversion where the probe says sRGB: a false claim for a Display P3 photo shows', async () => {
    // The byte-for-byte test above holds whether previews skip or not; this one does not.
    const bytes = await tagged('p3');
    const source = await probeImage(bytes, limits);
    const pixels = async (claimed: typeof source) => Buffer.from((await loadPreview(bytes, claimed, { maxSide: 448, channels: 3, limits })).data);
    assert.ok(!(await pixels({ ...source, iccToSrgb: 'near-identity' })).equals(await pixels(source)));
  });
});

describe('the conversion to sRGB on every 8-bit colour', () => {
  /** Every 24-bit colour once (4096×4096), as a PNG carrying `icc` in an iCCP chunk. */
  async function everyColour(icc: Buffer): Promise<{ png: Buffer; raw: Buffer }> {
    const side = 4096;
    const raw = Buffer.alloc(side * side * 3);
    for (let i = 0; i < side * side; i++) raw.writeUIntBE(i, i * 3, 3);
    const png = await sharp(raw, { raw: { width: side, height: side, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer();
    const body = Buffer.concat([Buffer.from('icc\0\0', 'latin1'), deflateSync(icc)]);
    const chunk = Buffer.alloc(body.length + 12);
    chunk.writeUInt32BE(body.length, 0);
    chunk.write('iCCP', 4, 'latin1');
    body.copy(chunk, 8);
    chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + body.length)), 8 + body.length);
    // After the signature and IHDR (8 + 25 bytes): iCCP must come before the image data.
    return { png: Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)]), raw };
  }
  const decode = (png: Buffer) => sharp(png, { limitInputPixels: false }).raw().toBuffer();

  it("is the identity for libvips' own sRGB profile, which renders skip", async () => {
    const { png, raw } = await everyColour(await embedded(await tagged('srgb')));
    assert.ok((await decode(png)).equals(raw));
  });

  it("moves some colours for HP's sRGB profile (sample1's), which renders therefore keep, but none by more than one level and only in red (what previews may skip)", async () => {
    const { png, raw } = await everyColour(await embedded(sampleBytes(1)));
    const converted = await decode(png);
    const moved = [0, 0, 0];
    let most = 0;
    for (let i = 0; i < raw.length; i++) {
      const by = Math.abs(converted[i]! - raw[i]!);
      if (by > 0) moved[i % 3]!++;
      most = Math.max(most, by);
    }
    // 142 622 red samples, each by one level, all of saturated colours (max − min channel ≥ 195).
    assert.ok(moved[0]! > 0, 'renders of HP-tagged photos must keep converting');
    assert.deepEqual(moved.slice(1), [0, 0]);
    assert.equal(most, 1);
  });
});
