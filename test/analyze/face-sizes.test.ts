// Face recall at the edges of analyze's scans: a real face cut out of a sample photograph, pasted at
// known places on a plain and a textured 1920×1440 canvas. Shrunk to about 5 % of the long side, the
// coarse 448 px scan sees it at 22 px and only the fine pass finds it; grown to 40 %, it is about
// 360 px in the fine pass's 896 px preview, past TinyFaceDetector's largest anchor (289×341), and only
// the small large-face pass beside the fine pass (planLargeFaceScan) boxes it. analyze must find it, and only it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { analyzeImage, analyzePreviews } from '../../src/analyze/analyze-image.js';
import { loadPreview } from '../../src/engine/preview.js';
import { probeImage } from '../../src/engine/source-info.js';
import { mapRect } from '../../src/geometry/map-rect.js';
import type { Rect } from '../../src/geometry/types.js';
import { createDetectorPool, type DetectorPool } from '../../src/workers/detector-pool.js';
import { finePass, scanFaces } from '../../src/workers/scan-faces.js';
import { describeRect, iou } from '../fixtures/engine-images.js';
import { CANVAS, CANVAS_KINDS, canvasBytes, findFaceCutout, type FaceCutout } from '../fixtures/face-composites.js';

/** The pasted small face's long side as a share of the canvas' long side. */
const SHARE = 0.05;
const limits = { maxInputPixels: 1e8 };

let pool: DetectorPool;
let cutout: FaceCutout;

before(async () => {
  pool = createDetectorPool({ threads: 1 });
  cutout = await findFaceCutout(pool);
});

after(async () => {
  await pool.destroy();
});

/** The cutout scaled so its face is `share` of the canvas, pasted with its face's top-left at `at`. */
async function faceComposite(kind: (typeof CANVAS_KINDS)[number], at: { x: number; y: number }, share = SHARE): Promise<{ input: Buffer; truth: Rect }> {
  const scale = (share * CANVAS.width) / Math.max(cutout.face.width, cutout.face.height);
  const width = Math.round(cutout.patchSize.width * scale);
  const height = Math.round(cutout.patchSize.height * scale);
  const patch = await sharp(cutout.patch).resize(width, height, { fit: 'fill' }).png().toBuffer();
  const left = Math.round(at.x - cutout.face.x * scale);
  const top = Math.round(at.y - cutout.face.y * scale);
  const input = await sharp(await canvasBytes(kind)).composite([{ input: patch, left, top }]).jpeg({ quality: 90 }).toBuffer();
  const truth = { x: left + cutout.face.x * scale, y: top + cutout.face.y * scale, width: cutout.face.width * scale, height: cutout.face.height * scale };
  return { input, truth };
}

const PLACES = [
  { x: 300, y: 260 },
  { x: 1450, y: 1100 },
];

describe('analyze finds small faces', () => {
  it('finds a face of 5 % of the long side on plain and textured canvases, and nothing else', async () => {
    for (const kind of CANVAS_KINDS) {
      for (const at of PLACES) {
        const { input, truth } = await faceComposite(kind, at);
        const result = await analyzeImage(input, { pool });
        const label = `${kind} canvas, face at ${at.x},${at.y} (${describeRect(truth)})`;
        assert.equal(result.faces.length, 1, `${label}: found ${result.faces.map(describeRect).join(', ')}`);
        assert.ok(iou(result.faces[0]!, truth) >= 0.4, `${label}: found ${describeRect(result.faces[0]!)}`);
        assert.equal(result.focal.suggested.source, 'face', label);
      }
    }
  });

  it('the coarse scan alone misses that face (the test above can fail)', async () => {
    const { input } = await faceComposite('textured', PLACES[0]!);
    const source = await probeImage(input, limits);
    const preview = await loadPreview(input, source, { maxSide: 448, channels: 3, limits });
    assert.deepEqual(await scanFaces(pool, preview), []);
  });

  it('finds no face on the bare canvases', async () => {
    for (const kind of CANVAS_KINDS) {
      const result = await analyzeImage(await canvasBytes(kind), { pool });
      assert.deepEqual(result.faces, [], `${kind} canvas`);
    }
  });
});

describe('analyze finds large faces', () => {
  it('finds a face of 40 % of the long side, which the fine pass alone does not box (the large-face pass does)', async () => {
    const { input, truth } = await faceComposite('textured', { x: 400, y: 300 }, 0.4);
    const result = await analyzeImage(input, { pool });
    assert.equal(result.faces.length, 1, `found ${result.faces.map(describeRect).join(', ')}; truth ${describeRect(truth)}`);
    assert.ok(iou(result.faces[0]!, truth) >= 0.5, `found ${describeRect(result.faces[0]!)}; truth ${describeRect(truth)}`);
    // The fine pass on its own: its boxes, in source pixels, miss the face (so the test above can fail).
    const source = await probeImage(input, limits);
    const { fine } = await analyzePreviews(input, source, limits);
    assert.ok(fine !== null);
    const fineBoxes = await finePass(pool, fine);
    const best = Math.max(0, ...fineBoxes.map((b) => iou(mapRect(b, fine, source), truth)));
    assert.ok(best < 0.5, `the fine pass boxed the face itself (IoU ${best.toFixed(2)})`);
  });
});
