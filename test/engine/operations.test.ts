// rot, flip, blur, sharpen, trim, bg, pad and upscale=0, each against sharp doing the same by hand:
// the same size, and pixels within a small mean difference (encoders and rounding differ a little).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { createLazyDetectorPool } from '../../src/workers/lazy-detector-pool.js';
import type { DetectorPool } from '../../src/workers/detector-pool.js';
import { meanAbsoluteDifference, renderQuery } from '../fixtures/engine-images.js';
import { sampleBytes } from '../fixtures/photos.js';

let pool: DetectorPool;
let photo: Buffer;
/** sample1 is 1920×1280; a 480×320 copy keeps these renders fast. */
let small: Buffer;

before(async () => {
  pool = createLazyDetectorPool({ threads: 1 });
  photo = sampleBytes(1);
  small = await sharp(photo).resize(480, 320).png().toBuffer();
});

after(async () => {
  await pool.destroy();
});

async function size(image: Buffer): Promise<[number, number]> {
  const { width, height } = await sharp(image).metadata();
  return [width, height];
}

/**
 * Renders the query and the by-hand pipeline, and checks they agree. A plain w=240 already differs from
 * sharp's own resize by a mean of about 1.6 (decode options, rounding); sharpen=1.5 moves it by 6.8.
 */
async function sameAsSharp(query: Record<string, string>, byHand: () => Promise<Buffer>, tolerance = 2.5): Promise<Buffer> {
  const ours = (await renderQuery(small, { f: 'png', ...query }, { pool })).data;
  const theirs = await byHand();
  assert.deepEqual(await size(ours), await size(theirs));
  const difference = await meanAbsoluteDifference(ours, theirs);
  assert.ok(difference <= tolerance, `mean difference ${difference.toFixed(2)} > ${tolerance}`);
  return ours;
}

describe('orientation', () => {
  for (const rot of [90, 180, 270] as const) {
    it(`rot=${rot} with a plain resize turns the image as sharp does`, async () => {
      const ours = await sameAsSharp({ w: '200', rot: String(rot) }, () =>
        sharp(small).rotate(rot).resize(rot === 180 ? 200 : 200, null).png().toBuffer(),
      );
      if (rot !== 180) assert.deepEqual(await size(ours), [200, 300]);
      // The other direction is far off: the test can tell the turns apart.
      const other = await sharp(small).rotate(360 - rot).resize(200, null).png().toBuffer();
      if (rot !== 180) assert.ok((await meanAbsoluteDifference(ours, other)) > 10);
    });
  }

  it('rot=90 swaps width and height of the source, and w/h name the turned output', async () => {
    const result = await renderQuery(small, { f: 'png', rot: '90' }, { pool });
    assert.deepEqual([result.width, result.height], [320, 480]);
    const crop = await renderQuery(small, { f: 'png', rot: '90', w: '100', h: '150', gravity: 'north' }, { pool });
    assert.deepEqual([crop.width, crop.height], [100, 150]);
  });

  it('a crop after rot=90 cuts the window of the turned image (gravity=north is the turned top)', async () => {
    await sameAsSharp({ w: '160', h: '160', rot: '90', gravity: 'north' }, async () => {
      const turned = await sharp(small).rotate(90).png().toBuffer();
      return sharp(turned).resize(160, 160, { fit: 'cover', position: 'north' }).png().toBuffer();
    });
  });

  it('fp refers to the turned image', async () => {
    await sameAsSharp({ w: '100', h: '100', rot: '270', fp: '0.5,0.9' }, async () => {
      // Turned: 320×480; the largest square is 320, centred on y=432 → clamped to the bottom (y 160).
      const turned = await sharp(small).rotate(270).png().toBuffer();
      return sharp(turned).extract({ left: 0, top: 160, width: 320, height: 320 }).resize(100, 100).png().toBuffer();
    });
  });

  for (const flip of ['h', 'v', 'hv'] as const) {
    it(`flip=${flip} mirrors as sharp's ${flip === 'h' ? 'flop' : flip === 'v' ? 'flip' : 'flip and flop'}`, async () => {
      await sameAsSharp({ w: '240', h: '120', flip, gravity: 'west' }, async () => {
        let mirrored = sharp(small);
        if (flip.includes('h')) mirrored = mirrored.flop();
        if (flip.includes('v')) mirrored = mirrored.flip();
        const turned = await mirrored.png().toBuffer();
        return sharp(turned).resize(240, 120, { fit: 'cover', position: 'west' }).png().toBuffer();
      });
    });
  }

  it('rot=90 with fit=contain and attention crops (turned before resizing) agree with sharp', async () => {
    const turned = () => sharp(small).rotate(90).png().toBuffer();
    await sameAsSharp({ w: '200', h: '200', rot: '90', fit: 'contain', bg: 'ff0000' }, async () =>
      sharp(await turned()).resize(200, 200, { fit: 'contain', background: '#ff0000' }).png().toBuffer(),
    );
    await sameAsSharp({ w: '150', h: '100', rot: '90', gravity: 'auto' }, async () =>
      sharp(await turned()).resize(150, 100, { fit: 'cover', position: sharp.strategy.attention }).png().toBuffer(),
    );
  });

  it('another angle turns the rendered output, the canvas grown and the corners filled with bg', async () => {
    const ours = await sameAsSharp({ w: '200', h: '100', rot: '30', bg: '00ff00', gravity: 'center' }, async () => {
      const cropped = await sharp(small).resize(200, 100, { fit: 'cover' }).png().toBuffer();
      return sharp(cropped).rotate(30, { background: '#00ff00' }).png().toBuffer();
    });
    const corner = await sharp(ours).extract({ left: 0, top: 0, width: 1, height: 1 }).raw().toBuffer();
    assert.deepEqual([...corner.subarray(0, 3)], [0, 255, 0]);
  });
});

describe('filters', () => {
  it('blur is a Gaussian blur of that sigma', async () => {
    await sameAsSharp({ w: '240', blur: '4' }, () => sharp(small).resize(240).blur(4).png().toBuffer());
  });

  it('sharpen is sharp’s sharpen of that sigma', async () => {
    await sameAsSharp({ w: '240', sharpen: '1.5' }, () => sharp(small).resize(240).sharpen({ sigma: 1.5 }).png().toBuffer());
  });

  it('trim cuts a uniform border with a threshold', async () => {
    const framed = await sharp(small).extend({ top: 40, bottom: 20, left: 30, right: 50, background: '#ffffff' }).png().toBuffer();
    const result = await renderQuery(framed, { f: 'png', trim: '10' }, { pool });
    assert.deepEqual([result.width, result.height], await size(await sharp(framed).trim({ threshold: 10 }).png().toBuffer()));
    const [width, height] = [result.width, result.height];
    assert.ok(Math.abs(width - 480) <= 2 && Math.abs(height - 320) <= 2, `${width}×${height}`);
  });
});

describe('canvas', () => {
  it('pad adds borders of bg around the output, scaled by dpr', async () => {
    const ours = await sameAsSharp({ w: '100', h: '100', pad: '5,10,15,20', bg: '0000ff', dpr: '2' }, async () =>
      sharp(small).resize(200, 200).extend({ top: 10, right: 20, bottom: 30, left: 40, background: '#0000ff' }).png().toBuffer(),
    );
    assert.deepEqual(await size(ours), [260, 240]);
  });

  it('PNG with alpha and fit=contain stays transparent, unless bg is set', async () => {
    const logo = await sharp({ create: { width: 300, height: 100, channels: 4, background: { r: 200, g: 20, b: 20, alpha: 0.5 } } }).png().toBuffer();
    const plain = await renderQuery(logo, { f: 'png', w: '200', h: '200', fit: 'contain' }, { pool });
    const top = await sharp(plain.data).ensureAlpha().extract({ left: 100, top: 0, width: 1, height: 1 }).raw().toBuffer();
    assert.equal(top[3], 0, 'the padding is transparent');
    const filled = await renderQuery(logo, { f: 'png', w: '200', h: '200', fit: 'contain', bg: 'ffcc00' }, { pool });
    const pixel = await sharp(filled.data).ensureAlpha().extract({ left: 100, top: 0, width: 1, height: 1 }).raw().toBuffer();
    assert.deepEqual([...pixel], [255, 204, 0, 255]);
    // A JPEG has no alpha: bg is what the transparent pixels are laid on.
    const jpeg = await renderQuery(logo, { f: 'jpeg', w: '300', h: '100', bg: 'ffffff' }, { pool });
    const [r, g, b] = await sharp(jpeg.data).extract({ left: 150, top: 50, width: 1, height: 1 }).raw().toBuffer();
    assert.ok(Math.abs(r! - 228) <= 3 && Math.abs(g! - 138) <= 3 && Math.abs(b! - 138) <= 3, `${r},${g},${b}`);
  });

  it('upscale=0 never renders larger than the source, for resizes and crops', async () => {
    assert.deepEqual(await size((await renderQuery(small, { f: 'png', w: '1000' }, { pool })).data), [1000, 667]);
    assert.deepEqual(await size((await renderQuery(small, { f: 'png', w: '1000', upscale: '0' }, { pool })).data), [480, 320]);
    // A crop keeps its aspect: the largest 16:9 window of 480×320 is 480×270.
    assert.deepEqual(await size((await renderQuery(small, { f: 'png', w: '1600', h: '900', upscale: '0' }, { pool })).data), [480, 270]);
    // contain keeps the box but does not enlarge the image inside it.
    const boxed = await renderQuery(small, { f: 'png', w: '1000', h: '1000', fit: 'contain', upscale: '0' }, { pool });
    assert.deepEqual(await size(boxed.data), [1000, 1000]);
  });
});

describe('a face crop after rot=90', () => {
  it('keeps the face: the face detected on the source lands, turned, inside the turned window', async () => {
    const portrait = await sharp(sampleBytes(2)).resize(960).jpeg().toBuffer();
    const upright = await renderQuery(portrait, { w: '200', h: '200', gravity: 'face' }, { pool });
    const face = upright.decision.faces[0];
    assert.ok(face !== undefined, 'sample2 has a face');
    const turned = await renderQuery(portrait, { w: '200', h: '300', gravity: 'face', rot: '90' }, { pool });
    assert.deepEqual([turned.width, turned.height], [200, 300]);
    assert.equal(turned.decision.focus, 'face');
    const { width: sw, height: sh } = await sharp(portrait).metadata();
    // A quarter turn clockwise sends the source's (x, y) to (height − y, x).
    const turnedFace = { x: sh - face.y - face.height, y: face.x, width: face.height, height: face.width };
    const w = turned.decision.window;
    assert.ok(turnedFace.x >= w.x && turnedFace.y >= w.y && turnedFace.x + turnedFace.width <= w.x + w.width && turnedFace.y + turnedFace.height <= w.y + w.height,
      `face ${JSON.stringify(turnedFace)} outside window ${JSON.stringify(w)} of ${sh}×${sw}`);
    // And the pixels are that window of the turned image.
    const byHand = await sharp(await sharp(portrait).rotate(90).png().toBuffer())
      .extract({ left: w.x, top: w.y, width: w.width, height: w.height }).resize(200, 300).jpeg().toBuffer();
    assert.ok((await meanAbsoluteDifference(turned.data, byHand)) <= 3);
  });
});
