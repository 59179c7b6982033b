// Renders through a decoded intermediate: the same bytes whether it was kept, found, evicted or never
// kept (the ETag depends on it), one decode for many sizes, and pictures that look like the direct
// decode's. Real sharp, real photographs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { createDecodedSourceCache, type DecodedSourceCache } from '../../src/engine/decoded-source-cache.js';
import { ENCODE_DEFAULTS } from '../../src/engine/encode-options.js';
import type { RenderResult, RenderTransformOptions } from '../../src/render/render-result.js';
import { probeImage, type SourceInfo } from '../../src/engine/source-info.js';
import { createDetectorPool, type DetectorPool } from '../../src/workers/detector-pool.js';
import { meanAbsoluteDifference, renderQuery, type Query } from '../fixtures/engine-images.js';
import { sampleBytes } from '../fixtures/photos.js';

let pool: DetectorPool;
let photo: Buffer;
let photoInfo: SourceInfo;

before(async () => {
  pool = createDetectorPool({ threads: 1 });
  photo = sampleBytes(1);
  photoInfo = await probeImage(photo);
});

after(async () => {
  await pool.destroy();
});

const MB = 1024 * 1024;

function render(input: Buffer, query: Query, options: Partial<RenderTransformOptions> = {}): Promise<RenderResult> {
  return renderQuery(input, query, { pool, ...options });
}

function cached(cache: DecodedSourceCache, key = 'ws/f_photo'): Partial<RenderTransformOptions> {
  return { decoded: { cache, key } };
}

/** The single fused pipeline: what a render without a cache (the library, the CLI, DECODE_CACHE_BYTES=0) does. */
function renderDirect(input: Buffer, query: Query): Promise<RenderResult> {
  return render(input, query);
}

async function meanColour(image: Buffer): Promise<number[]> {
  const { channels } = await sharp(image).stats();
  return channels.slice(0, 3).map((channel) => channel.mean);
}

function assertColoursClose(actual: number[], expected: number[], tolerance: number, label: string): void {
  for (const [i, value] of actual.entries()) {
    assert.ok(Math.abs(value - (expected[i] ?? Number.NaN)) <= tolerance, `${label}: mean colour ${actual.map(Math.round)} vs ${expected.map(Math.round)}`);
  }
}

const QUERIES: Query[] = [
  { w: '600', h: '400' },
  { w: '400', h: '400', gravity: 'center' },
  { w: '620', h: '400', gravity: 'center' },
  { w: '300', h: '300', gravity: 'north' },
  { w: '480', h: '270', fp: '0.3,0.7' },
  { w: '100', h: '100', fp: '0.8,0.2' },
  { w: '200', h: '120', gravity: 'southeast' },
  { w: '768' },
  { h: '128' },
  { w: '400', h: '400', fit: 'inside' },
  { w: '400', h: '400', fit: 'contain' },
  { w: '400', h: '400', fit: 'outside' },
  { w: '500', h: '300', fit: 'fill' },
  { w: '400', h: '400', gravity: 'auto' },
  { w: '300', h: '200', gravity: 'entropy' },
  { w: '300', h: '300', gravity: 'face', f: 'webp' },
];
const label = (query: Query) => new URLSearchParams(query as Record<string, string>).toString();

describe('decoded intermediate: same bytes, cached or not', () => {
  for (const query of QUERIES) {
    it(`${label(query)}: cold, warm and with a 0-byte cache`, async () => {
      const cache = createDecodedSourceCache(48 * MB);
      const cold = await render(photo, query, cached(cache));
      const decodes = cache.stats().decodes;
      const warm = await render(photo, query, cached(cache));
      const keepNothing = await render(photo, query, cached(createDecodedSourceCache(0)));
      assert.equal(cache.stats().decodes, decodes, 'the warm render decoded again');
      for (const [name, other] of [['warm', warm], ['0 bytes', keepNothing]] as const) {
        assert.ok(other.data.equals(cold.data), `${name} differs from cold`);
        assert.deepEqual(other.decision, cold.decision, name);
      }
    });
  }

  it('without a cache (library, CLI, DECODE_CACHE_BYTES=0) a render is the one fused sharp pipeline, byte for byte', async () => {
    // center 600×400 of the 3:2 photo: the window is the whole source, so the pipeline is one resize.
    const plain = await render(photo, { w: '600', h: '400', gravity: 'center', f: 'jpeg' });
    const fused = await sharp(photo).autoOrient().resize(600, 400, { fit: 'fill' }).jpeg(ENCODE_DEFAULTS.jpeg).toBuffer();
    assert.ok(plain.data.equals(fused), 'no cache: one pipeline');
    const viaIntermediate = await render(photo, { w: '600', h: '400', gravity: 'center', f: 'jpeg' }, cached(createDecodedSourceCache(0)));
    assert.ok(!viaIntermediate.data.equals(fused), 'with a cache, even an empty one, it goes through the intermediate');
  });

  it('renders the same bytes after its intermediate was evicted, and in another process-like instance', async () => {
    const other = sampleBytes(2);
    // Room for one 1/3-scale intermediate of a 1920 px photo (~0.8 MB), not two.
    const cache = createDecodedSourceCache(MB);
    const query = { w: '600', h: '400', gravity: 'center' };
    const first = await render(photo, query, cached(cache, 'ws/f_one'));
    await render(other, query, cached(cache, 'ws/f_two'));
    const again = await render(photo, query, cached(cache, 'ws/f_one'));
    assert.equal(cache.stats().decodes, 3, 'the first intermediate was evicted and decoded again');
    assert.ok(again.data.equals(first.data));
    const elsewhere = await render(photo, query, cached(createDecodedSourceCache(48 * MB), 'ws/f_one'));
    assert.ok(elsewhere.data.equals(first.data));
  });
});

describe('decoded intermediate: decodes', () => {
  it('decodes once for many sizes of one shrink class, and not again when warm', async () => {
    const cache = createDecodedSourceCache(48 * MB);
    for (const w of [600, 610, 620, 630]) await render(photo, { w: String(w), h: '400', gravity: 'center' }, cached(cache));
    await render(photo, { w: '400', h: '400', fp: '0.2,0.5' }, cached(cache));
    assert.deepEqual({ ...cache.stats(), bytes: 0 }, { hits: 4, decodes: 1, coalesced: 0, failures: 0, bytes: 0, entries: 1 });
    assert.equal(cache.stats().bytes, 640 * 426 * 3);
  });

  it('decodes once for 16 concurrent cold renders of one original', async () => {
    const cache = createDecodedSourceCache(48 * MB);
    const widths = Array.from({ length: 16 }, (_, i) => 600 + i);
    const results = await Promise.all(widths.map((w) => render(photo, { w: String(w), h: '400', gravity: 'center' }, cached(cache))));
    assert.deepEqual(results.map((result) => result.width), widths);
    assert.equal(cache.stats().decodes, 1);
    assert.equal(cache.stats().coalesced + cache.stats().hits, 15);
  });

  it('keeps one intermediate per shrink class', async () => {
    const cache = createDecodedSourceCache(48 * MB);
    for (const w of ['900', '600', '300', '150']) await render(photo, { w }, cached(cache));
    assert.deepEqual([cache.stats().decodes, cache.stats().entries], [4, 4]);
  });
});

describe('decoded intermediate: looks like the direct decode', () => {
  for (const query of QUERIES) {
    it(`${label(query)}: same size and window, pixels within a small mean difference`, async () => {
      const [through, direct] = [await render(photo, query, cached(createDecodedSourceCache(48 * MB))), await renderDirect(photo, query)];
      assert.deepEqual([through.width, through.height], [direct.width, direct.height]);
      assert.deepEqual(through.decision.window, direct.decision.window);
      // Resampling twice moves values by well under one level; re-encoding roughly doubles that on fine detail.
      const difference = await meanAbsoluteDifference(through.data, direct.data);
      assert.ok(difference < 2.5, `mean |Δ| ${difference.toFixed(2)}`);
      const [a, b] = await Promise.all([sharp(through.data).stats(), sharp(direct.data).stats()]);
      assertColoursClose(await meanColour(through.data), await meanColour(direct.data), 0.5, 'mean colour');
      assert.ok(Math.abs(a.sharpness / b.sharpness - 1) < 0.1, `sharpness ${a.sharpness.toFixed(2)} vs ${b.sharpness.toFixed(2)}`);
    });
  }
});

describe('decoded intermediate: sources it does not take, and sources it does', () => {
  const query = { w: '600', h: '400', gravity: 'center' };

  /** Renders `input` with a cache; returns the render and how many intermediates were decoded. */
  async function renderCounted(input: Buffer, extra: Query = {}): Promise<{ result: RenderResult; decodes: number }> {
    const cache = createDecodedSourceCache(48 * MB);
    const result = await render(input, { ...query, ...extra }, cached(cache));
    return { result, decodes: cache.stats().decodes };
  }

  const ineligible: Array<[string, () => Promise<Buffer>, Query]> = [
    ['PNG with alpha', () => sharp(photo).ensureAlpha(0.6).png().toBuffer(), { f: 'png' }],
    ['CMYK JPEG', () => sharp(photo).toColourspace('cmyk').jpeg({ quality: 92 }).toBuffer(), {}],
    ['16-bit PNG', () => sharp(photo).toColourspace('rgb16').png().toBuffer(), {}],
    ['greyscale JPEG', () => sharp(photo).greyscale().toColourspace('b-w').jpeg({ quality: 92 }).toBuffer(), {}],
  ];
  for (const [name, make, extra] of ineligible) {
    it(`${name}: decoded directly, right size, right colours`, async () => {
      const input = await make();
      const { result, decodes } = await renderCounted(input, extra);
      assert.equal(decodes, 0);
      assert.deepEqual([result.width, result.height], [600, 400]);
      const expected = await sharp(input).resize(600, 400).toBuffer();
      assertColoursClose(await meanColour(result.data), await meanColour(expected), 2, name);
    });
  }

  it('an EXIF-rotated JPEG goes through the intermediate upright, like the physically rotated photo', async () => {
    const tagged = await sharp(photo).withMetadata({ orientation: 6 }).jpeg({ quality: 92 }).toBuffer();
    const rotated = await sharp(photo).rotate(90).jpeg({ quality: 92 }).toBuffer();
    for (const size of [{ w: '400', h: '600' }, { w: '300' }, { w: '200', h: '200', fp: '0.5,0.3' }]) {
      const { result, decodes } = await renderCounted(tagged, size);
      assert.equal(decodes, 1, label(size));
      const upright = await render(rotated, { ...query, ...size });
      assert.deepEqual([result.width, result.height], [upright.width, upright.height], label(size));
      const difference = await meanAbsoluteDifference(result.data, upright.data);
      assert.ok(difference < 2, `${label(size)}: mean |Δ| ${difference.toFixed(2)}`);
    }
  });

  it('a JPEG with a Display P3 profile goes through the intermediate with its colours converted like the direct decode', async () => {
    const p3 = await sharp(photo).withIccProfile('p3').jpeg({ quality: 92 }).toBuffer();
    const info = await probeImage(p3);
    assert.deepEqual([info.channels, info.space], [3, 'srgb']);
    const { result, decodes } = await renderCounted(p3);
    assert.equal(decodes, 1);
    const direct = await renderDirect(p3, query);
    assertColoursClose(await meanColour(result.data), await meanColour(direct.data), 0.5, 'P3');
    assert.ok((await meanAbsoluteDifference(result.data, direct.data)) < 1.5);
  });

  it('the probe records what eligibility reads', () => {
    assert.deepEqual([photoInfo.format, photoInfo.channels, photoInfo.depth, photoInfo.space], ['jpeg', 3, 'uchar', 'srgb']);
  });
});
