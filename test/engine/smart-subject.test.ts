// gravity=smart on pictures where the subject is not where smartcrop or the centre would look:
// a person at the edge of a busy texture (faces, then the body the object detector sees), and a
// person seen from afar whose face is too small to detect (the object detector alone).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp, { type Sharp } from 'sharp';
import { largestWindow } from '../../src/geometry/focal-window.js';
import type { Rect, Size } from '../../src/geometry/types.js';
import { createDetectorPool, type DetectorPool } from '../../src/workers/detector-pool.js';
import { ASPECT_NAMES, renderQuery, sizeQuery, type AspectName, ASPECTS } from '../fixtures/engine-images.js';
import { samplePath } from '../fixtures/photos.js';

let pool: DetectorPool;

/** Busy colour noise, deterministic (a fixed linear congruential stream), made into a JPEG-able canvas. */
async function noiseCanvas(size: Size): Promise<Sharp> {
  const cells = { width: Math.ceil(size.width / 8), height: Math.ceil(size.height / 8) };
  const data = Buffer.alloc(cells.width * cells.height * 3);
  let seed = 11;
  for (let i = 0; i < data.length; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    data[i] = seed >> 23;
  }
  const noise = await sharp(data, { raw: { ...cells, channels: 3 } }).resize(size.width, size.height, { kernel: 'nearest' }).png().toBuffer();
  return sharp(noise);
}

/** A person cut from a sample photo (head to the bottom of the frame), scaled, pasted onto noise at (left, top). */
async function personOnNoise(canvas: Size, region: { sample: number; box: Rect }, height: number, left: number, top: number): Promise<{ input: Buffer; person: Rect }> {
  const scale = height / region.box.height;
  const width = Math.round(region.box.width * scale);
  const cut = await sharp(samplePath(region.sample)).extract({ left: region.box.x, top: region.box.y, width: region.box.width, height: region.box.height }).resize(width, height).png().toBuffer();
  const input = await (await noiseCanvas(canvas)).composite([{ input: cut, left, top }]).jpeg({ quality: 90 }).toBuffer();
  return { input, person: { x: left, y: top, width, height } };
}

/** The share of `box` inside `window`. */
function kept(window: Rect, box: Rect): number {
  const w = Math.min(window.x + window.width, box.x + box.width) - Math.max(window.x, box.x);
  const h = Math.min(window.y + window.height, box.y + box.height) - Math.max(window.y, box.y);
  return w <= 0 || h <= 0 ? 0 : (w * h) / (box.width * box.height);
}

/** The most of `box` any window of this size could keep (it slides along the one axis it is shorter on). */
function bestKept(window: Size, box: Rect): number {
  const along = (len: number, start: number, size: number) => Math.min(len, size, Math.max(0, Math.min(start + size, len) - Math.max(start, 0))) / size;
  return along(window.width, box.x, box.width) * along(window.height, box.y, box.height);
}

function centreWindow(source: Size, aspect: AspectName): Rect {
  const size = largestWindow(source, ASPECTS[aspect]);
  return { x: Math.round((source.width - size.width) / 2), y: Math.round((source.height - size.height) / 2), ...size };
}

before(() => {
  pool = createDetectorPool({ threads: 2 });
});

after(async () => {
  await pool.destroy();
});

describe('gravity=smart frames the subject', () => {
  it('keeps a person at the edge of busy texture, body and face, at every aspect', async () => {
    const canvas = { width: 1600, height: 1000 };
    // sample5's woman on the stairs, 1128 px tall in the photo, at 75 % of the canvas height, against the left edge.
    const { input, person } = await personOnNoise(canvas, { sample: 5, box: { x: 1325, y: 270, width: 520, height: 1128 } }, 750, 20, 250);
    for (const aspect of ASPECT_NAMES) {
      const { decision } = await renderQuery(input, { ...sizeQuery(aspect), gravity: 'smart' }, { pool });
      const best = bestKept(decision.window, person);
      assert.ok(kept(decision.window, person) >= 0.9 * best, `${aspect}: ${decision.focus} window ${JSON.stringify(decision.window)} keeps ${kept(decision.window, person).toFixed(2)} of the person, ${best.toFixed(2)} was possible`);
    }
    // The case is not free: a centred square misses the person at the side.
    const centre = centreWindow(canvas, '1:1');
    assert.ok(kept(centre, person) < 0.9 * bestKept(centre, person), 'a centred crop would pass too: the test proves nothing');
  });

  it('with no detectable face, crops to the person the object detector finds', async () => {
    const canvas = { width: 1600, height: 1000 };
    // sample2's woman on the sofa at a quarter of the canvas height: her face is about 3 % of the long side.
    const { input, person } = await personOnNoise(canvas, { sample: 2, box: { x: 1170, y: 30, width: 730, height: 1337 } }, 250, 1400, 700);
    const { decision } = await renderQuery(input, { ...sizeQuery('9:16'), gravity: 'smart' }, { pool });
    assert.equal(decision.fallbacks[0], 'face: no face found');
    assert.equal(decision.focus, 'smart');
    assert.ok(!decision.fallbacks.some((f) => f.startsWith('objects')), `the object link fell through: ${decision.fallbacks.join('; ')}`);
    assert.ok(kept(decision.window, person) >= 0.9, `window ${JSON.stringify(decision.window)} keeps ${kept(decision.window, person).toFixed(2)} of the person at ${JSON.stringify(person)}`);
  });
});
