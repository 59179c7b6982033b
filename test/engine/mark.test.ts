// mark= against sharp compositing by hand: the same size, the same pixels in the mark's region (within a
// small tolerance), on every fit and on JPEG, PNG, WebP and AVIF outputs, with a mark that has transparency.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp, { type OverlayOptions } from 'sharp';
import { createLazyDetectorPool } from '../../src/workers/lazy-detector-pool.js';
import type { DetectorPool } from '../../src/workers/detector-pool.js';
import { createMarkCache, type MarkImage } from '../../src/engine/mark-layer.js';
import type { Rect } from '../../src/geometry/types.js';
import { meanAbsoluteDifference, regionMeans, renderQuery, type Query } from '../fixtures/engine-images.js';
import { sampleBytes } from '../fixtures/photos.js';

let pool: DetectorPool;
/** sample1 (1920×1280) at 480×320: fast renders. */
let small: Buffer;
/** 200×100: a half-transparent red band with an opaque green disc, transparent corners. */
let logo: Buffer;

/** The mark drawn from bytes, as the CLI and the server hand it to the engine. */
function markOf(bytes: Buffer, cache = createMarkCache(1 << 20)) {
  const image: MarkImage = { key: 'logo', width: 200, height: 100, label: 'logo', load: async () => bytes };
  return { image, cache };
}

before(async () => {
  pool = createLazyDetectorPool({ threads: 1 });
  small = await sharp(sampleBytes(1)).resize(480, 320).png().toBuffer();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">
    <rect x="10" y="10" width="180" height="80" fill="rgb(255,0,0)" fill-opacity="0.5"/>
    <circle cx="100" cy="50" r="35" fill="rgb(0,255,0)"/></svg>`;
  logo = await sharp(Buffer.from(svg)).png().toBuffer();
});

after(async () => {
  await pool.destroy();
});

/** The mark resized to `rect` with its opacity scaled by sharp's own dest-in blend (an independent way of doing it). */
async function handMark(rect: Rect, alpha = 100): Promise<OverlayOptions> {
  let mark = sharp(logo).resize(rect.width, rect.height, { fit: 'fill' }).ensureAlpha();
  if (alpha < 100) {
    const scaled = await mark.png().toBuffer();
    const opacity = { input: Buffer.from([0, 0, 0, Math.round((alpha / 100) * 255)]), raw: { width: 1, height: 1, channels: 4 as const }, tile: true, blend: 'dest-in' as const };
    mark = sharp(scaled).composite([opacity]);
  }
  return { input: await mark.png().toBuffer(), left: rect.x, top: rect.y };
}

async function sameAsHand(query: Query, rect: Rect, byHand: (mark: OverlayOptions) => Promise<Buffer>, tolerance = 3): Promise<Buffer> {
  // Laid on white: the colour under fully transparent pixels (contain's padding) is nobody's business.
  const onWhite = (image: Buffer) => sharp(image).flatten({ background: '#ffffff' }).png().toBuffer();
  const ours = await onWhite((await renderQuery(small, { f: 'png', ...query }, { pool, mark: markOf(logo) })).data);
  const theirs = await onWhite(await byHand(await handMark(rect, query.markalpha === undefined ? 100 : Number(query.markalpha))));
  const [a, b] = await Promise.all([ours, theirs].map((image) => sharp(image).metadata()));
  assert.deepEqual([a!.width, a!.height], [b!.width, b!.height]);
  const whole = await meanAbsoluteDifference(ours, theirs);
  assert.ok(whole <= tolerance, `mean difference ${whole.toFixed(2)} > ${tolerance}`);
  const [mine, hand] = await Promise.all([regionMeans(ours, rect), regionMeans(theirs, rect)]);
  mine.forEach((value, channel) => assert.ok(Math.abs(value - hand[channel]!) <= tolerance, `mark region channel ${channel}: ${value.toFixed(1)} vs ${hand[channel]!.toFixed(1)}`));
  return ours;
}

describe('mark', () => {
  it('a cover crop, markw, southeast, markpad and markalpha: the same pixels as sharp by hand', async () => {
    // 240×160: 25 % of the width is 60 px, so 60×30, 8 px from the right and bottom edges.
    const rect = { x: 172, y: 122, width: 60, height: 30 };
    const ours = await sameAsHand({ w: '240', h: '160', mark: 'logo', markw: '0.25', markpad: '8', markalpha: '60' }, rect, (mark) =>
      sharp(small).resize(240, 160, { fit: 'cover' }).composite([mark]).png().toBuffer(),
    );
    // The mark is really there: its region is far from the unmarked render's.
    const plain = (await renderQuery(small, { f: 'png', w: '240', h: '160' }, { pool })).data;
    const [marked, unmarked] = await Promise.all([regionMeans(ours, rect), regionMeans(plain, rect)]);
    assert.ok(Math.abs(marked[1]! - unmarked[1]!) > 20, `green ${marked[1]} vs ${unmarked[1]}`);
  });

  it('w alone (the size libvips picks) with markpos as fractions, and a percentage markw', async () => {
    // w=300 keeps 3:2, 300×200; markw 40 % is 120×60; 0.25,0.75 of the free 180×140 is 45,105.
    await sameAsHand({ w: '300', mark: 'logo', markw: '40%', markpos: '0.25,0.75' }, { x: 45, y: 105, width: 120, height: 60 }, (mark) =>
      sharp(small).resize(300).composite([mark]).png().toBuffer(),
    );
  });

  for (const [fit, byHand] of [
    ['contain', (mark: OverlayOptions) => sharp(small).resize(200, 200, { fit: 'contain', background: '#0000' }).composite([mark]).png().toBuffer()],
    ['fill', (mark: OverlayOptions) => sharp(small).resize(200, 200, { fit: 'fill' }).composite([mark]).png().toBuffer()],
    ['inside', (mark: OverlayOptions) => sharp(small).resize(200, 200, { fit: 'inside' }).composite([mark]).png().toBuffer()],
    ['outside', (mark: OverlayOptions) => sharp(small).resize(200, 200, { fit: 'outside' }).composite([mark]).png().toBuffer()],
  ] as const) {
    it(`fit=${fit}: the mark centred on the output as by hand`, async () => {
      const sizes = { contain: [200, 200], fill: [200, 200], inside: [200, 133], outside: [300, 200] }[fit];
      const [width, height] = sizes as [number, number];
      // markw=0.5 of the output width, centred.
      const markWidth = width / 2;
      const rect = { x: Math.round((width - markWidth) / 2), y: Math.round((height - markWidth / 2) / 2), width: markWidth, height: markWidth / 2 };
      await sameAsHand({ w: '200', h: '200', fit, mark: 'logo', markw: '0.5', markpos: 'center' }, rect, byHand);
    });
  }

  it('a mark larger than the output is scaled down to fit inside its padding, never cut', async () => {
    // Its own 200×100 on a 120×80 output with 10 px padding: 100×50 at the bottom-right corner of the padded area.
    await sameAsHand({ w: '120', h: '80', mark: 'logo', markpad: '10' }, { x: 10, y: 20, width: 100, height: 50 }, (mark) =>
      sharp(small).resize(120, 80).composite([mark]).png().toBuffer(),
    );
  });

  for (const f of ['jpeg', 'webp', 'avif'] as const) {
    it(`an alpha mark on ${f}: the mark's region matches sharp by hand`, async () => {
      const rect = { x: 0, y: 0, width: 80, height: 40 };
      const query = { w: '160', h: '120', f, mark: 'logo', markw: '0.5', markpos: 'northwest', q: '90' };
      const ours = (await renderQuery(small, query, { pool, mark: markOf(logo) })).data;
      const mark = await handMark(rect);
      const theirs = await sharp(small).resize(160, 120).composite([mark])[f]({ quality: 90 }).toBuffer();
      const [mine, hand] = await Promise.all([regionMeans(ours, rect), regionMeans(theirs, rect)]);
      mine.forEach((value, channel) => assert.ok(Math.abs(value - hand[channel]!) <= 4, `${f} channel ${channel}: ${value.toFixed(1)} vs ${hand[channel]!.toFixed(1)}`));
      assert.equal((await sharp(ours).metadata()).format, f === 'avif' ? 'heif' : f);
    });
  }

  it('rot=45 and trim (sizes only libvips knows) still draw the mark inside the output', async () => {
    for (const query of [{ w: '200', rot: '45' }, { w: '200', trim: '10' }, { w: '200', h: '100', fit: 'inside', upscale: '0' }]) {
      const result = await renderQuery(small, { f: 'png', mark: 'logo', markw: '0.3', ...query }, { pool, mark: markOf(logo) });
      const plain = await renderQuery(small, { f: 'png', ...query }, { pool });
      assert.deepEqual([result.width, result.height], [plain.width, plain.height], JSON.stringify(query));
      assert.ok((await meanAbsoluteDifference(result.data, plain.data)) > 0.2, JSON.stringify(query));
    }
  });

  it('resizes the mark once per size: a second render reads no mark bytes', async () => {
    let loads = 0;
    const cache = createMarkCache(1 << 20);
    const image: MarkImage = { key: 'logo', width: 200, height: 100, label: 'logo', load: async () => { loads += 1; return logo; } };
    for (let i = 0; i < 3; i++) await renderQuery(small, { w: '240', h: '160', mark: 'logo', markw: '0.25' }, { pool, mark: { image, cache } });
    assert.equal(loads, 1);
  });

  it('a mark without its image (the library given no mark option) is a 400 naming mark', async () => {
    await assert.rejects(renderQuery(small, { w: '100', mark: 'logo' }, { pool }), (error: Error & { code?: string }) => error.code === 'invalid_parameter' && /mark=/.test(error.message));
  });
});
