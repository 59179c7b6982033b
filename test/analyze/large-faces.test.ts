// A face too large for analyze's fine pass: the fine pass sees a 3:2 or 4:3 photo at 896 px, where a
// face of 40 % of the long side is about 360 px, past TinyFaceDetector's largest anchor (289×341);
// the small pass over the whole coarse preview (planLargeFaceScan) is what finds it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { analyzeImage } from '../../src/analyze/analyze-image.js';
import { FINE_SCAN_DEFAULTS } from '../../src/detect/fine-face-scan.js';
import { loadPreview } from '../../src/engine/preview.js';
import { probeImage } from '../../src/engine/source-info.js';
import { mapRect } from '../../src/geometry/map-rect.js';
import type { Rect } from '../../src/geometry/types.js';
import { createDetectorPool, type DetectorPool } from '../../src/workers/detector-pool.js';
import { describeRect, iou } from '../fixtures/engine-images.js';
import { CANVAS, canvasBytes, findFaceCutout, type FaceCutout } from '../fixtures/face-composites.js';

/** The pasted face's long side as a share of the canvas' long side. */
const SHARE = 0.4;
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

async function largeFaceComposite(): Promise<{ input: Buffer; truth: Rect }> {
  const scale = (SHARE * CANVAS.width) / Math.max(cutout.face.width, cutout.face.height);
  const width = Math.round(cutout.patchSize.width * scale);
  const height = Math.round(cutout.patchSize.height * scale);
  const patch = await sharp(cutout.patch).resize(width, height, { fit: 'fill' }).png().toBuffer();
  const left = Math.round(400 - cutout.face.x * scale);
  const top = Math.round(300 - cutout.face.y * scale);
  const input = await sharp(await canvasBytes('textured')).composite([{ input: patch, left, top }]).jpeg({ quality: 90 }).toBuffer();
  return { input, truth: { x: left + cutout.face.x * scale, y: top + cutout.face.y * scale, width: cutout.face.width * scale, height: cutout.face.height * scale } };
}

describe('analyze finds large faces', () => {
  it('finds a face of 40 % of the long side, which the fine pass alone does not box (the small large-face pass does)', async () => {
    const { input, truth } = await largeFaceComposite();
    const result = await analyzeImage(input, { pool });
    assert.equal(result.faces.length, 1, `found ${result.faces.map(describeRect).join(', ')}; truth ${describeRect(truth)}`);
    assert.ok(iou(result.faces[0]!, truth) >= 0.5, `found ${describeRect(result.faces[0]!)}; truth ${describeRect(truth)}`);
    // The fine pass on its own: its boxes, in source pixels, miss the face (so the test above can fail).
    const source = await probeImage(input, limits);
    const fine = await loadPreview(input, source, { maxSide: FINE_SCAN_DEFAULTS.previewSide, channels: 3, limits });
    const fineBoxes = await pool.faces(fine, { inputSize: Math.max(fine.width, fine.height), scoreThreshold: FINE_SCAN_DEFAULTS.fineCandidateScore });
    const best = Math.max(0, ...fineBoxes.map((b) => iou(mapRect(b, fine, source), truth)));
    assert.ok(best < 0.5, `the fine pass boxed the face itself (IoU ${best.toFixed(2)})`);
  });
});
