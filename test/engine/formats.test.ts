// Output formats, f=auto negotiation from the Accept header, quality and dpr, decoded back with sharp.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { createLazyDetectorPool } from '../../src/workers/lazy-detector-pool.js';
import type { DetectorPool } from '../../src/workers/detector-pool.js';
import { renderQuery } from '../fixtures/engine-images.js';
import { sampleBytes } from '../fixtures/photos.js';

const CHROME_ACCEPT = 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8';

/** sharp's metadata names AVIF as HEIF compressed with AV1. */
async function decodedFormat(data: Buffer): Promise<{ format: string; width: number; height: number }> {
  const meta = await sharp(data).metadata();
  const format = meta.format === 'heif' && meta.compression === 'av1' ? 'avif' : meta.format;
  return { format, width: meta.width, height: meta.height };
}

// Nothing here detects, so the pool never starts its threads.
let pool: DetectorPool;
let photo: Buffer;
let withAlpha: Buffer;

before(async () => {
  pool = createLazyDetectorPool({ threads: 1 });
  photo = sampleBytes(2);
  // A PNG with real transparency: the photo faded out towards its right edge.
  const { width, height } = { width: 640, height: 456 };
  const ramp = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) ramp[y * width + x] = Math.round(255 * (1 - x / width));
  withAlpha = await sharp(photo).resize(width, height).joinChannel(ramp, { raw: { width, height, channels: 1 } }).png().toBuffer();
});

after(async () => {
  await pool.destroy();
});

describe('output formats', () => {
  for (const f of ['jpeg', 'png', 'webp', 'avif', 'gif'] as const) {
    it(`f=${f} decodes back at exactly the asked size`, async () => {
      const result = await renderQuery(photo, { w: '320', h: '200', f, gravity: 'center' }, { pool });
      assert.equal(result.format, f);
      assert.equal(result.contentType, `image/${f}`);
      assert.deepEqual([result.width, result.height], [320, 200]);
      assert.deepEqual(await decodedFormat(result.data), { format: f, width: 320, height: 200 });
    });
  }

  it('keeps the alpha channel in PNG and WebP', async () => {
    for (const f of ['png', 'webp'] as const) {
      const result = await renderQuery(withAlpha, { w: '200', h: '200', f }, { pool });
      const meta = await sharp(result.data).metadata();
      assert.equal(meta.hasAlpha, true, f);
    }
  });
});

describe('f=auto', () => {
  const cases = [
    { accept: CHROME_ACCEPT, alpha: false, expected: 'avif' },
    { accept: 'image/webp,*/*', alpha: false, expected: 'webp' },
    { accept: '*/*', alpha: false, expected: 'jpeg' },
    { accept: undefined, alpha: false, expected: 'jpeg' },
    { accept: '*/*', alpha: true, expected: 'png' },
    { accept: CHROME_ACCEPT, alpha: true, expected: 'avif' },
  ] as const;
  for (const { accept, alpha, expected } of cases) {
    it(`gives ${expected} for ${alpha ? 'a PNG with alpha' : 'a JPEG'} with Accept: ${accept ?? '(none)'}`, async () => {
      const result = await renderQuery(alpha ? withAlpha : photo, { w: '240', h: '160', f: 'auto' }, { pool, accept });
      assert.equal(result.format, expected);
      assert.equal(result.contentType, `image/${expected}`);
      assert.equal((await decodedFormat(result.data)).format, expected);
      if (alpha) assert.equal((await sharp(result.data).metadata()).hasAlpha, true, 'the transparency is lost');
    });
  }
});

describe('quality and dpr', () => {
  it('q changes the byte size of jpeg, webp and avif', async () => {
    for (const f of ['jpeg', 'webp', 'avif'] as const) {
      const low = await renderQuery(photo, { w: '400', h: '300', f, q: '20' }, { pool });
      const high = await renderQuery(photo, { w: '400', h: '300', f, q: '90' }, { pool });
      const plain = await renderQuery(photo, { w: '400', h: '300', f }, { pool });
      assert.ok(high.data.length > low.data.length * 1.5, `${f}: q=90 is ${high.data.length} B, q=20 is ${low.data.length} B`);
      assert.ok(plain.data.length > low.data.length && plain.data.length < high.data.length, `${f}: the default quality is not between 20 and 90`);
    }
  });

  it('dpr multiplies the output pixels', async () => {
    const one = await renderQuery(photo, { w: '300', h: '200' }, { pool });
    const two = await renderQuery(photo, { w: '300', h: '200', dpr: '2' }, { pool });
    const oneAndHalf = await renderQuery(photo, { w: '300', h: '200', dpr: '1.5' }, { pool });
    assert.deepEqual([one.width, one.height], [300, 200]);
    assert.deepEqual([two.width, two.height], [600, 400]);
    assert.deepEqual([oneAndHalf.width, oneAndHalf.height], [450, 300]);
    assert.deepEqual(await decodedFormat(two.data), { format: 'jpeg', width: 600, height: 400 });
    // The same aspect at every dpr: the same source window.
    assert.deepEqual(two.decision.window, one.decision.window);
    const widthOnly = await renderQuery(photo, { w: '300', dpr: '2' }, { pool });
    assert.equal(widthOnly.width, 600);
  });
});
