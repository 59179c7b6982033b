// Renders skip libvips' conversion to sRGB only where it is exactly the identity (a source carrying
// libvips' own sRGB profile): the output bytes are those of the render that converts, and those of the
// same JPEG data without a profile, through the real entry (renderTransform), directly and through a
// decoded intermediate. Real photos, real sharp.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { createDecodedSourceCache } from '../../src/engine/decoded-source-cache.js';
import { decodeOptionsFor, probeImage, type SourceInfo } from '../../src/engine/source-info.js';
import type { RenderTransformOptions } from '../../src/render/render-result.js';
import { createDetectorPool, type DetectorPool } from '../../src/workers/detector-pool.js';
import { DEFAULT_MAX_INPUT_PIXELS } from '../../src/config/limits.js';
import { animatedGif } from '../fixtures/animated.js';
import { renderQuery, type Query } from '../fixtures/engine-images.js';
import { sampleBytes } from '../fixtures/photos.js';

const limits = { maxInputPixels: DEFAULT_MAX_INPUT_PIXELS };
let pool: DetectorPool;
const photos = new Map<string, Buffer>();

/** sample1 at full size, its pixels converted into one of libvips' own profiles and that profile embedded. */
const tagged = (profile: 'srgb' | 'p3') => sharp(sampleBytes(1)).withIccProfile(profile).jpeg({ quality: 90 }).toBuffer();

before(async () => {
  pool = createDetectorPool({ threads: 1 });
  photos.set('sample1 (HP sRGB)', sampleBytes(1));
  photos.set('sample1 (libvips sRGB)', await tagged('srgb'));
  photos.set('sample1 (Display P3)', await tagged('p3'));
  photos.set('sample6 (no profile)', sampleBytes(6));
});

after(async () => {
  await pool.destroy();
});

const QUERIES: readonly Query[] = [
  { w: '600', h: '400' },
  { w: '600', h: '400', gravity: 'face' },
  { w: '300', h: '300', gravity: 'auto' },
  { w: '500', h: '500', fit: 'inside' },
  { w: '600', h: '400', f: 'webp' },
  { w: '240', h: '160', f: 'png' },
  { w: '600', h: '400', debug: '1' },
];

/** The same JPEG data without its ICC profile (its APP2 ICC_PROFILE segments cut out, nothing re-encoded). */
function withoutProfile(jpeg: Buffer): Buffer {
  const kept: Buffer[] = [jpeg.subarray(0, 2)];
  let at = 2;
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff && jpeg[at + 1] !== 0xda) {
    const end = at + 2 + jpeg.readUInt16BE(at + 2);
    const icc = jpeg[at + 1] === 0xe2 && jpeg.toString('latin1', at + 4, at + 16) === 'ICC_PROFILE\0';
    if (!icc) kept.push(jpeg.subarray(at, end));
    at = end;
  }
  kept.push(jpeg.subarray(at));
  return Buffer.concat(kept);
}

async function renderBoth(input: Buffer, query: Query, source: SourceInfo, options: Partial<RenderTransformOptions> = {}) {
  const format = { f: 'jpeg', ...query };
  const skipped = await renderQuery(input, format, { pool, source, ...options });
  // The same render, told the source may not skip the conversion: what every render did before.
  const converted = await renderQuery(input, format, { pool, source: { ...source, iccToSrgb: 'changes' }, ...options });
  return { skipped: skipped.data, converted: converted.data };
}

describe('renders and embedded profiles', () => {
  it('skips the conversion for libvips’ own sRGB profile alone', async () => {
    const flags = await Promise.all([...photos.values()].map(async (bytes) => (await probeImage(bytes, limits)).iccToSrgb));
    assert.deepEqual(flags, ['near-identity', 'identity', 'changes', 'changes']);
    const identity = await probeImage(photos.get('sample1 (libvips sRGB)')!, limits);
    assert.equal(decodeOptionsFor(identity, limits, undefined, 'render').ignoreIcc, true);
    const hp = await probeImage(sampleBytes(1), limits);
    assert.equal(decodeOptionsFor(hp, limits, undefined, 'render').ignoreIcc, undefined, "HP's profile moves saturated colours by a level");
    assert.equal(decodeOptionsFor(hp, limits, undefined, 'preview').ignoreIcc, true);
  });

  it('gives the bytes of the render that converts, directly and through an intermediate', async () => {
    for (const [name, bytes] of photos) {
      if (name === 'sample1 (HP sRGB)') continue; // it converts, as before (checked above)
      const source = await probeImage(bytes, limits);
      // The reference never skips anything: the same JPEG data without the profile, or the P3 photo converted.
      const reference = withoutProfile(bytes);
      const converts = name === 'sample1 (Display P3)';
      for (const query of QUERIES) {
        for (const cached of [false, true]) {
          // A fresh cache per render: each decodes its own intermediate.
          const options = (key: string): Partial<RenderTransformOptions> => (cached ? { decoded: { cache: createDecodedSourceCache(64 << 20), key } } : {});
          const format = { f: 'jpeg', ...query };
          const label = `${name} ${new URLSearchParams(format as Record<string, string>)}${cached ? ' cached' : ''}`;
          const rendered = (await renderQuery(bytes, format, { pool, source, ...options('a') })).data;
          const bare = (await renderQuery(reference, format, { pool, ...options('b') })).data;
          if (converts) {
            assert.ok(!rendered.equals(bare), `${label}: P3 is converted, so it renders unlike its bare pixels`);
            continue;
          }
          const told = (await renderQuery(bytes, format, { pool, source: { ...source, iccToSrgb: 'changes' }, ...options('c') })).data;
          assert.ok(rendered.equals(told), `${label}: as the render that converts`);
          assert.ok(rendered.equals(bare), `${label}: as the render of its bare pixels`);
        }
      }
    }
  });

  it("libvips' conversion of its own profile gives the bare pixels at every JPEG shrink-on-load", async () => {
    const bytes = photos.get('sample1 (libvips sRGB)')!;
    for (const width of [1920, 900, 480, 200]) {
      const converted = await sharp(bytes).resize(width).raw().toBuffer();
      const bare = await sharp(withoutProfile(bytes)).resize(width).raw().toBuffer();
      assert.ok(converted.equals(bare), `at ${width} px`);
    }
  });

  it('would change a Display P3 photo: the comparison sees a skipped conversion', async () => {
    const bytes = photos.get('sample1 (Display P3)')!;
    const source = await probeImage(bytes, limits);
    for (const query of [QUERIES[0]!, QUERIES[3]!]) {
      // Claiming the identity for P3 makes the render skip a conversion that is not one.
      const wrong = await renderBoth(bytes, query, { ...source, iccToSrgb: 'identity' });
      assert.ok(!wrong.skipped.equals(wrong.converted));
    }
  });

  it('skips it on every decode a render makes: through an intermediate and in the debug overlay', async () => {
    // The same false claim, on the pipelines the direct render above does not reach: a render that
    // dropped the skip on any of them would give the converted bytes there.
    const bytes = photos.get('sample1 (Display P3)')!;
    const source = await probeImage(bytes, limits);
    const cases = [
      { query: QUERIES[0]!, cached: true },
      { query: QUERIES[6]!, cached: false },
    ];
    for (const { query, cached } of cases) {
      const options = (key: string): Partial<RenderTransformOptions> => (cached ? { decoded: { cache: createDecodedSourceCache(64 << 20), key } } : {});
      const format = { f: 'jpeg', ...query };
      const skipped = (await renderQuery(bytes, format, { pool, source: { ...source, iccToSrgb: 'identity' }, ...options('a') })).data;
      const converted = (await renderQuery(bytes, format, { pool, source, ...options('b') })).data;
      assert.ok(!skipped.equals(converted), `${new URLSearchParams(format as Record<string, string>)}${cached ? ' cached' : ''}`);
    }
  });

  it('leaves an animated GIF as it was (no profile, every frame)', async () => {
    const { gif } = await animatedGif({ frames: 4, width: 160, height: 120 });
    const source = await probeImage(gif, limits);
    assert.equal(source.iccToSrgb, 'changes');
    for (const query of [{ w: '80', h: '80', f: 'gif' }, { w: '120', f: 'webp' }]) {
      const { skipped, converted } = await renderBoth(gif, query, source);
      assert.ok(skipped.equals(converted));
      assert.equal((await sharp(skipped).metadata()).pages, 4);
    }
  });

  it('embeds no profile in any output', async () => {
    const bytes = photos.get('sample1 (libvips sRGB)')!;
    const source = await probeImage(bytes, limits);
    for (const query of QUERIES) {
      const { skipped } = await renderBoth(bytes, query, source);
      assert.equal((await sharp(skipped).metadata()).icc, undefined, new URLSearchParams(query as Record<string, string>).toString());
    }
  });
});
