// A landscape photo stored with EXIF orientation 6 is a portrait image: every size, window
// and face box is in the rotated (displayed) coordinates.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { probeImage } from '../../src/engine/source-info.js';
import { createDetectorPool, type DetectorPool } from '../../src/workers/detector-pool.js';
import { describeRect, insideRect, insideSize, iou, meanAbsoluteDifference, renderQuery } from '../fixtures/engine-images.js';
import { sampleBytes } from '../fixtures/photos.js';

let pool: DetectorPool;
/** sample1's landscape pixels, tagged "rotate 90° clockwise to display". */
let tagged: Buffer;
/** The same photo with its pixels physically rotated: what the tagged one must look like. */
let rotated: Buffer;
const PORTRAIT = { width: 1280, height: 1920 };

before(async () => {
  pool = createDetectorPool({ threads: 1 });
  tagged = await sharp(sampleBytes(1)).withMetadata({ orientation: 6 }).jpeg({ quality: 92 }).toBuffer();
  rotated = await sharp(sampleBytes(1)).rotate(90).jpeg({ quality: 92 }).toBuffer();
});

after(async () => {
  await pool.destroy();
});

describe('EXIF orientation', () => {
  it('the fixture really is landscape pixels with orientation 6', async () => {
    const meta = await sharp(tagged).metadata();
    assert.deepEqual([meta.width, meta.height, meta.orientation], [1920, 1280, 6]);
  });

  it('probes as portrait: width and height swapped', async () => {
    const source = await probeImage(tagged);
    assert.deepEqual([source.width, source.height, source.orientation], [PORTRAIT.width, PORTRAIT.height, 6]);
  });

  it('a plain resize keeps the portrait shape', async () => {
    const result = await renderQuery(tagged, { w: '320' }, { pool });
    assert.deepEqual([result.width, result.height], [320, 480]);
    assert.deepEqual(result.decision.window, { x: 0, y: 0, ...PORTRAIT });
    const meta = await sharp(result.data).metadata();
    assert.deepEqual([meta.width, meta.height], [320, 480]);
    // The output is upright: no orientation tag left for a viewer to apply again.
    assert.ok(meta.orientation === undefined || meta.orientation === 1, `orientation ${meta.orientation}`);
  });

  it('a face crop works in rotated coordinates and matches the physically rotated photo', async () => {
    for (const [w, h] of [[300, 300], [270, 480], [480, 270]] as const) {
      const query = { w: String(w), h: String(h), gravity: 'face' };
      const fromTag = await renderQuery(tagged, query, { pool });
      const fromPixels = await renderQuery(rotated, query, { pool });
      const { decision } = fromTag;
      const label = `${w}×${h}`;
      assert.equal(decision.focus, 'face', label);
      assert.ok(insideSize(PORTRAIT, decision.window), `${label}: window ${describeRect(decision.window)} leaves the rotated source`);
      for (const face of decision.faces) assert.ok(insideSize(PORTRAIT, face), `${label}: face ${describeRect(face)} is not in rotated coordinates`);
      assert.ok(insideRect(decision.window, decision.faces[0]!), `${label}: the best face is cut`);
      // Same picture, so the same faces and window (up to JPEG re-encoding noise).
      assert.ok(iou(decision.faces[0]!, fromPixels.decision.faces[0]!) > 0.8, `${label}: ${describeRect(decision.faces[0]!)} vs ${describeRect(fromPixels.decision.faces[0]!)}`);
      assert.ok(iou(decision.window, fromPixels.decision.window) > 0.95, `${label}: ${describeRect(decision.window)} vs ${describeRect(fromPixels.decision.window)}`);
      assert.deepEqual([fromTag.width, fromTag.height], [w, h]);
    }
  });

  it('fp and compass crops show the same pixels as the physically rotated photo', async () => {
    for (const query of [{ fp: '0.3,0.7' }, { gravity: 'south' }]) {
      const fromTag = await renderQuery(tagged, { w: '300', h: '300', ...query }, { pool });
      const fromPixels = await renderQuery(rotated, { w: '300', h: '300', ...query }, { pool });
      assert.deepEqual(fromTag.decision.window, fromPixels.decision.window);
      const difference = await meanAbsoluteDifference(fromTag.data, fromPixels.data);
      assert.ok(difference < 6, `${JSON.stringify(query)}: mean difference ${difference.toFixed(1)} from the rotated photo`);
    }
    // And they differ from the unrotated pixels, so the check above means something.
    const unrotated = await renderQuery(sampleBytes(1), { w: '300', h: '300', gravity: 'south' }, { pool });
    const fromTag = await renderQuery(tagged, { w: '300', h: '300', gravity: 'south' }, { pool });
    assert.ok((await meanAbsoluteDifference(fromTag.data, unrotated.data)) > 20);
  });
});
