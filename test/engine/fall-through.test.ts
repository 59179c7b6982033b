// The gravity chains degrade and say why: face → objects → smart → auto, smart → auto.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { createDetectorPool, type DetectorPool } from '../../src/workers/detector-pool.js';
import { describeRect, plainImage, renderQuery, sizeQuery } from '../fixtures/engine-images.js';
import { sampleBytes } from '../fixtures/photos.js';

let pool: DetectorPool;
/** The lower part of sample1, below every detected face (bodies, clothes, floor). */
let faceless: Buffer;
/** A synthetic scene of coloured blocks: detail and saturation, nothing like a face. */
let blocks: Buffer;
let flat: Buffer;

before(async () => {
  pool = createDetectorPool({ threads: 1 });
  const photo = sampleBytes(1);
  const { decision } = await renderQuery(photo, { w: '64', h: '64', gravity: 'face' }, { pool });
  assert.ok(decision.faces.length >= 2, 'sample1 should show several faces');
  const top = Math.max(...decision.faces.map((face) => face.y + face.height)) + 80;
  const meta = await sharp(photo).metadata();
  assert.ok(meta.height! - top >= 300, `too little of sample1 lies below its faces (from y=${top})`);
  faceless = await sharp(photo).extract({ left: 0, top, width: meta.width!, height: meta.height! - top }).jpeg({ quality: 90 }).toBuffer();
  const block = (colour: string, left: number, top: number) => ({
    input: { create: { width: 180, height: 140, channels: 3 as const, background: colour } },
    left,
    top,
  });
  blocks = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#1d2330' } })
    .composite([block('#f2c500', 820, 120), block('#1fa2ff', 900, 420), block('#e8314f', 700, 300)])
    .png()
    .toBuffer();
  flat = await plainImage({ width: 800, height: 600 }, '#3a7bd5');
});

after(async () => {
  await pool.destroy();
});

describe('gravity fall-through', () => {
  it('gravity=face on a faceless photo crop falls to smart, saying no face was found', async () => {
    for (const gravity of ['face', 'faces'] as const) {
      const { decision, width, height } = await renderQuery(faceless, { ...sizeQuery('1:1'), gravity }, { pool });
      assert.deepEqual(decision.faces, [], `the detector finds ${decision.faces.map(describeRect).join(', ')} below the faces`);
      assert.ok(decision.focus === 'smart' || decision.focus === 'auto', `focus ${decision.focus}`);
      assert.equal(decision.fallbacks[0], `${gravity}: no face found`);
      assert.deepEqual([width, height], [300, 300]);
    }
  });

  it('gravity=face on a synthetic faceless scene falls through the same way', async () => {
    const { decision } = await renderQuery(blocks, { ...sizeQuery('9:16'), gravity: 'face' }, { pool });
    assert.deepEqual(decision.faces, []);
    assert.ok(decision.focus === 'smart' || decision.focus === 'auto', `focus ${decision.focus}`);
    assert.ok(decision.fallbacks.includes('face: no face found'), decision.fallbacks.join('; '));
  });

  it('gravity=smart on a single-colour image falls to auto', async () => {
    const { decision, width, height } = await renderQuery(flat, { ...sizeQuery('1:1'), gravity: 'smart' }, { pool });
    assert.equal(decision.focus, 'auto');
    assert.deepEqual(decision.fallbacks.slice(0, 2), ['face: no face found', 'objects: no object found']);
    assert.equal(decision.fallbacks.length, 3);
    assert.match(decision.fallbacks[2]!, /^smart: /);
    assert.deepEqual([width, height], [300, 300]);
    assert.deepEqual([decision.window.width, decision.window.height], [600, 600]);
  });

  it('gravity=face on a single-colour image goes all the way to auto', async () => {
    const { decision } = await renderQuery(flat, { ...sizeQuery('16:9'), gravity: 'face' }, { pool });
    assert.equal(decision.focus, 'auto');
    assert.deepEqual(decision.fallbacks.slice(0, 2), ['face: no face found', 'objects: no object found']);
    assert.match(decision.fallbacks[2] ?? '', /^smart: /);
  });

  it('gravity=face and faces with no face frame the main detected object, as smart does (people below the faces of sample1)', async () => {
    const smart = await renderQuery(faceless, { ...sizeQuery('9:16'), gravity: 'smart' }, { pool });
    for (const gravity of ['face', 'faces'] as const) {
      const { decision } = await renderQuery(faceless, { ...sizeQuery('9:16'), gravity }, { pool });
      assert.deepEqual(decision.fallbacks, [`${gravity}: no face found`], `${gravity}: ${decision.fallbacks.join('; ')}`);
      assert.deepEqual(decision.window, smart.decision.window, gravity);
    }
  });

  it('gravity=smart on an image too small to score falls to auto', async () => {
    const tiny = await plainImage({ width: 6, height: 5 }, '#c0392b');
    const { decision, width, height } = await renderQuery(tiny, { w: '4', h: '4', gravity: 'smart' }, { pool });
    assert.equal(decision.focus, 'auto');
    assert.deepEqual(decision.fallbacks, ['face: no face found', 'objects: no object found', 'smart: smartcrop found nothing to score']);
    assert.deepEqual([width, height], [4, 4]);
  });

  it('gravity=smart keeps its own decision where there is a subject (smartcrop, when no face or object is seen)', async () => {
    const { decision } = await renderQuery(blocks, { ...sizeQuery('1:1'), gravity: 'smart' }, { pool });
    assert.equal(decision.focus, 'smart');
    assert.deepEqual(decision.fallbacks, ['face: no face found', 'objects: no object found']);
  });
});
