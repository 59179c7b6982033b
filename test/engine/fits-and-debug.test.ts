// Non-crop fits resize like sharp does; debug=1 draws the decision over the whole source.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { FITS } from '../../src/params/vocabulary.js';
import { createDetectorPool, type DetectorPool } from '../../src/workers/detector-pool.js';
import { meanAbsoluteDifference, renderQuery } from '../fixtures/engine-images.js';
import { sampleBytes } from '../fixtures/photos.js';

let pool: DetectorPool;
let photo: Buffer;
const SOURCE = { x: 0, y: 0, width: 1920, height: 1280 };

before(() => {
  pool = createDetectorPool({ threads: 1 });
  photo = sampleBytes(1);
});

after(async () => {
  await pool.destroy();
});

async function sharpSize(fit: 'contain' | 'inside' | 'fill' | 'outside', width: number, height: number): Promise<[number, number]> {
  const { info } = await sharp(photo).resize(width, height, { fit }).toBuffer({ resolveWithObject: true });
  return [info.width, info.height];
}

describe('non-crop fits', () => {
  const expected = {
    '400x400': { contain: [400, 400], inside: [400, 267], fill: [400, 400], outside: [600, 400] },
    '300x500': { contain: [300, 500], inside: [300, 200], fill: [300, 500], outside: [750, 500] },
  } as const;
  for (const [box, sizes] of Object.entries(expected)) {
    const [w, h] = box.split('x').map(Number) as [number, number];
    for (const fit of ['contain', 'inside', 'fill', 'outside'] as const) {
      it(`fit=${fit} in ${box} gives ${sizes[fit].join('×')}, as sharp does`, async () => {
        const result = await renderQuery(photo, { w: String(w), h: String(h), fit }, { pool });
        assert.deepEqual([result.width, result.height], sizes[fit]);
        assert.deepEqual([result.width, result.height], await sharpSize(fit, w, h));
        const meta = await sharp(result.data).metadata();
        assert.deepEqual([meta.width, meta.height], sizes[fit]);
        // Nothing is cropped: the decision reports the whole source.
        assert.deepEqual(result.decision, { focus: 'center', point: null, window: SOURCE, faces: [], fallbacks: [] });
      });
    }
  }

  it('gravity is ignored when the fit does not crop', async () => {
    const plain = await renderQuery(photo, { w: '300', h: '300', fit: 'contain' }, { pool });
    const withFace = await renderQuery(photo, { w: '300', h: '300', fit: 'contain', gravity: 'face' }, { pool });
    assert.ok(withFace.data.equals(plain.data));
    assert.deepEqual(withFace.decision, plain.decision);
  });

  it('one of w or h keeps the aspect ratio, whatever the fit', async () => {
    for (const fit of FITS) {
      const byWidth = await renderQuery(photo, { w: '300', fit }, { pool });
      assert.deepEqual([byWidth.width, byWidth.height], [300, 200], `w=300 fit=${fit}`);
      const byHeight = await renderQuery(photo, { h: '100', fit }, { pool });
      assert.deepEqual([byHeight.width, byHeight.height], [150, 100], `h=100 fit=${fit}`);
    }
  });

  it('no size keeps the source size', async () => {
    const result = await renderQuery(photo, { f: 'png' }, { pool });
    assert.deepEqual([result.width, result.height], [1920, 1280]);
    const meta = await sharp(result.data).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['png', 1920, 1280]);
  });
});

describe('debug=1', () => {
  it('returns the whole source fitted inside the requested box, with the overlay drawn', async () => {
    const result = await renderQuery(photo, { w: '600', h: '600', gravity: 'face', debug: '1', f: 'png' }, { pool });
    assert.deepEqual([result.width, result.height], [600, 400]);
    const meta = await sharp(result.data).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['png', 600, 400]);
    const plain = await sharp(photo).resize(600, 400, { fit: 'fill' }).png().toBuffer();
    const difference = await meanAbsoluteDifference(result.data, plain);
    assert.ok(difference > 8, `the debug image differs from a plain resize by only ${difference.toFixed(2)} per channel`);
  });

  it('reports the same decision a real render makes', async () => {
    const debug = await renderQuery(photo, { w: '300', h: '400', gravity: 'face', debug: '1' }, { pool });
    const real = await renderQuery(photo, { w: '300', h: '400', gravity: 'face' }, { pool });
    assert.equal(debug.decision.focus, 'face');
    assert.ok(debug.decision.faces.length >= 1);
    assert.deepEqual(debug.decision.window, real.decision.window);
    assert.deepEqual(debug.decision.faces, real.decision.faces);
    // Fitted inside 300×400: the 3:2 source becomes 300×200.
    assert.deepEqual([debug.width, debug.height], [300, 200]);
  });

  it('draws the window for libvips strategies and for fp too', async () => {
    for (const query of [{ gravity: 'auto' }, { fp: '0.2,0.5' }]) {
      const debug = await renderQuery(photo, { w: '300', h: '300', debug: '1', ...query }, { pool });
      const real = await renderQuery(photo, { w: '300', h: '300', ...query }, { pool });
      assert.deepEqual(debug.decision.window, real.decision.window, JSON.stringify(query));
      assert.deepEqual([debug.width, debug.height], [300, 200]);
    }
  });

  it('fits inside a square of the one side given, or 1200 px when none is', async () => {
    const widthOnly = await renderQuery(photo, { w: '500', debug: '1' }, { pool });
    assert.deepEqual([widthOnly.width, widthOnly.height], [500, 333]);
    const none = await renderQuery(photo, { debug: '1' }, { pool });
    assert.deepEqual([none.width, none.height], [1200, 800]);
  });
});
