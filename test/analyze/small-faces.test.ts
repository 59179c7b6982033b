// Face recall on small faces: a real face cut out of a sample photograph, shrunk to about 5 % of
// the long side of a 1920×1440 canvas (a face the coarse 448 px scan sees at 22 px), pasted at
// known places on a plain and a textured canvas. analyze must find it, and only it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { analyzeImage } from '../../src/analyze/analyze-image.js';
import { loadPreview } from '../../src/engine/preview.js';
import { probeImage } from '../../src/engine/source-info.js';
import type { Rect } from '../../src/geometry/types.js';
import { createDetectorPool, type DetectorPool } from '../../src/workers/detector-pool.js';
import { scanFaces } from '../../src/workers/scan-faces.js';
import { describeRect, iou } from '../fixtures/engine-images.js';
import { CANVAS, CANVAS_KINDS, canvasBytes, findFaceCutout, type FaceCutout } from '../fixtures/face-composites.js';

/** The pasted face's long side as a share of the canvas' long side. */
const SHARE = 0.05;

let pool: DetectorPool;
let cutout: FaceCutout;

before(async () => {
  pool = createDetectorPool({ threads: 1 });
  cutout = await findFaceCutout(pool);
});

after(async () => {
  await pool.destroy();
});

/** The cutout shrunk so its face is SHARE of the canvas, pasted with its face's top-left at `at`. */
async function smallFaceComposite(kind: (typeof CANVAS_KINDS)[number], at: { x: number; y: number }): Promise<{ input: Buffer; truth: Rect }> {
  const scale = (SHARE * CANVAS.width) / Math.max(cutout.face.width, cutout.face.height);
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
        const { input, truth } = await smallFaceComposite(kind, at);
        const result = await analyzeImage(input, { pool });
        const label = `${kind} canvas, face at ${at.x},${at.y} (${describeRect(truth)})`;
        assert.equal(result.faces.length, 1, `${label}: found ${result.faces.map(describeRect).join(', ')}`);
        assert.ok(iou(result.faces[0]!, truth) >= 0.4, `${label}: found ${describeRect(result.faces[0]!)}`);
        assert.equal(result.focal.suggested.source, 'face', label);
      }
    }
  });

  it('the coarse scan alone misses that face (the test above can fail)', async () => {
    const { input } = await smallFaceComposite('textured', PLACES[0]!);
    const source = await probeImage(input, { maxInputPixels: 1e8 });
    const preview = await loadPreview(input, source, { maxSide: 448, channels: 3, limits: { maxInputPixels: 1e8 } });
    assert.deepEqual(await scanFaces(pool, preview), []);
  });

  it('finds no face on the bare canvases', async () => {
    for (const kind of CANVAS_KINDS) {
      const result = await analyzeImage(await canvasBytes(kind), { pool });
      assert.deepEqual(result.faces, [], `${kind} canvas`);
    }
  });
});
