// Focal-point and compass crops are pure pixel math: the same window at every size of one
// aspect, the same bytes on every render. And the saliency gravities keep an obvious subject.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { Rect, Size } from '../../src/geometry/types.js';
import { COMPASS } from '../../src/geometry/compass-window.js';
import { createDetectorPool, type DetectorPool } from '../../src/workers/detector-pool.js';
import { ASPECTS, describeRect, insideRect, insideSize, renderQuery, squareScene, type AspectName } from '../fixtures/engine-images.js';
import { sampleBytes } from '../fixtures/photos.js';

let pool: DetectorPool;
/** Sources of three shapes: the 3:2 photo itself, a wider-than-3:2 one and a portrait crop. */
let sources: { name: string; input: Buffer; size: Size }[];

before(async () => {
  pool = createDetectorPool({ threads: 1 });
  const photo = sampleBytes(1);
  const portrait = await sharp(photo).extract({ left: 300, top: 0, width: 1000, height: 1280 }).jpeg({ quality: 90 }).toBuffer();
  const wide = await sharp(photo).extract({ left: 0, top: 200, width: 1920, height: 800 }).jpeg({ quality: 90 }).toBuffer();
  sources = [
    { name: 'sample1 (1920×1280)', input: photo, size: { width: 1920, height: 1280 } },
    { name: 'portrait crop (1000×1280)', input: portrait, size: { width: 1000, height: 1280 } },
    { name: 'wide crop (1920×800)', input: wide, size: { width: 1920, height: 800 } },
  ];
});

after(async () => {
  await pool.destroy();
});

describe('fp determinism', () => {
  it('fp=0.3,0.7 cuts the same source window at 1200×800, 600×400 and 300×200', async () => {
    for (const { name, input, size } of sources) {
      const windows: Rect[] = [];
      for (const [w, h] of [[1200, 800], [600, 400], [300, 200]] as const) {
        const result = await renderQuery(input, { w: String(w), h: String(h), fp: '0.3,0.7' }, { pool });
        assert.equal(result.decision.focus, 'fp', name);
        assert.deepEqual([result.width, result.height], [w, h], name);
        assert.deepEqual(result.decision.point, { x: 0.3 * size.width, y: 0.7 * size.height }, name);
        windows.push(result.decision.window);
      }
      assert.deepEqual(windows[1], windows[0], `${name}: 600×400 cut ${describeRect(windows[1]!)}, 1200×800 cut ${describeRect(windows[0]!)}`);
      assert.deepEqual(windows[2], windows[0], `${name}: 300×200 cut ${describeRect(windows[2]!)}, 1200×800 cut ${describeRect(windows[0]!)}`);
      const window = windows[0]!;
      assert.ok(insideSize(size, window), name);
      // The largest 3:2 window: one side is a whole source side.
      assert.ok(window.width === size.width || window.height === size.height, `${name}: ${describeRect(window)} is not the largest window`);
      assert.ok(Math.abs(window.width / window.height - 1.5) < 0.01, `${name}: ${describeRect(window)} is not 3:2`);
    }
  });

  it('centres the window on the point unless the source edge stops it', async () => {
    const { input, size } = sources[1]!;
    const { decision } = await renderQuery(input, { w: '600', h: '400', fp: '0.3,0.7' }, { pool });
    // 1000×1280 → a 1000×667 window; the point's y (896) is far enough from both edges.
    assert.deepEqual(decision.window, { x: 0, y: 563, width: 1000, height: 667 });
    assert.ok(Math.abs(decision.window.y + decision.window.height / 2 - 0.7 * size.height) <= 1);
  });

  it('percentages name the same point as fractions', async () => {
    const { input } = sources[2]!;
    const a = await renderQuery(input, { w: '300', h: '300', fp: '0.3,0.7' }, { pool });
    const b = await renderQuery(input, { w: '300', h: '300', fp: '30%,70%' }, { pool });
    assert.deepEqual(b.decision.window, a.decision.window);
    assert.ok(b.data.equals(a.data));
  });

  it('repeated fp and compass renders give identical bytes', async () => {
    const { input } = sources[0]!;
    const queries = [{ fp: '0.3,0.7' }, { fp: '1,0' }, ...COMPASS.map((gravity) => ({ gravity }))];
    for (const query of queries) {
      for (const f of ['jpeg', 'webp'] as const) {
        const first = await renderQuery(input, { w: '240', h: '320', f, ...query }, { pool });
        const second = await renderQuery(input, { w: '240', h: '320', f, ...query }, { pool });
        assert.ok(first.data.equals(second.data), `${JSON.stringify(query)} as ${f}: two renders differ`);
        assert.deepEqual(second.decision, first.decision);
      }
    }
  });

  it('compass names pin the window to their edge or corner', async () => {
    // 1920×1280 → a 960×1280 window of 3:4 that slides only horizontally; centring rounds down.
    const { input } = sources[0]!;
    for (const gravity of COMPASS) {
      const { decision } = await renderQuery(input, { w: '240', h: '320', gravity }, { pool });
      const x = gravity.endsWith('west') ? 0 : gravity.endsWith('east') ? 960 : 480;
      assert.equal(decision.focus, gravity);
      assert.deepEqual(decision.window, { x, y: 0, width: 960, height: 1280 }, gravity);
    }
    // 1920×800 → a 1920×600 window of 16:5 that slides only vertically.
    const wide = sources[2]!;
    for (const gravity of COMPASS) {
      const { decision } = await renderQuery(wide.input, { w: '480', h: '150', gravity }, { pool });
      const y = gravity.startsWith('north') ? 0 : gravity.startsWith('south') ? 200 : 100;
      assert.deepEqual(decision.window, { x: 0, y, width: 1920, height: 600 }, `wide ${gravity}`);
    }
  });
});

describe('saliency gravities on a synthetic subject', () => {
  const SQUARE = 120;
  const scenes: { canvas: Size; square: Rect }[] = [
    { canvas: { width: 1600, height: 900 }, square: { x: 1320, y: 380, width: SQUARE, height: SQUARE } },
    { canvas: { width: 1600, height: 900 }, square: { x: 160, y: 700, width: SQUARE, height: SQUARE } },
    { canvas: { width: 900, height: 1600 }, square: { x: 400, y: 1300, width: SQUARE, height: SQUARE } },
    // Near the top edge: smartcrop's edge penalty pushes its pick off the square here, so smart
    // must fall through (zero confidence) rather than return a window without the subject.
    { canvas: { width: 900, height: 1600 }, square: { x: 380, y: 80, width: SQUARE, height: SQUARE } },
  ];
  const aspects: AspectName[] = ['1:1', '16:9', '9:16'];

  it('a bright saturated square off-centre stays inside the crop for auto, smart and entropy', async () => {
    for (const { canvas, square } of scenes) {
      const input = await squareScene(canvas, square);
      for (const aspect of aspects) {
        const { width, height } = ASPECTS[aspect];
        for (const gravity of ['auto', 'smart', 'entropy'] as const) {
          const result = await renderQuery(input, { w: String(width), h: String(height), gravity }, { pool });
          const label = `${gravity} at ${aspect}, square ${describeRect(square)} on ${canvas.width}×${canvas.height}`;
          assert.deepEqual([result.width, result.height], [width, height], label);
          assert.ok(insideSize(canvas, result.decision.window), `${label}: window ${describeRect(result.decision.window)} leaves the canvas`);
          assert.ok(insideRect(result.decision.window, square), `${label}: window ${describeRect(result.decision.window)} loses the square`);
        }
      }
    }
  });

  it('the centre crop would lose those squares (the scenes are off-centre)', async () => {
    for (const { canvas, square } of scenes) {
      const input = await squareScene(canvas, square);
      const { decision } = await renderQuery(input, { w: '300', h: '300', gravity: 'center' }, { pool });
      assert.ok(!insideRect(decision.window, square), `centre keeps ${describeRect(square)} on ${canvas.width}×${canvas.height}`);
    }
  });
});
