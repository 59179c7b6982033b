import { FACE_SCAN_DEFAULTS, mergeFaceBoxes, planFaceScan } from '../detect/face-scan-plan.js';
import { FINE_SCAN_DEFAULTS, judgeSecondLook, lookRegion, needsSecondLook } from '../detect/fine-face-scan.js';
import { cropPixels, type RawPixels } from '../detect/pixels.js';
import type { Rect, ScoredBox, Size } from '../geometry/types.js';
import type { DetectorPool } from './detector-pool.js';

type Candidate = ScoredBox & { readonly fine: boolean };

function scaleBox(box: ScoredBox, from: Size, to: Size): ScoredBox {
  const sx = to.width / from.width;
  const sy = to.height / from.height;
  return { x: box.x * sx, y: box.y * sy, width: box.width * sx, height: box.height * sy, score: box.score };
}

async function detectInTiles(pool: DetectorPool, pixels: RawPixels, tiles: readonly { region: Rect; inputSize: number }[], scoreThreshold: number): Promise<ScoredBox[]> {
  const found = await Promise.all(
    tiles.map(async ({ region, inputSize }) => {
      const whole = region.x === 0 && region.y === 0 && region.width === pixels.width && region.height === pixels.height;
      const boxes = await pool.faces(whole ? pixels : cropPixels(pixels, region), { inputSize, scoreThreshold });
      return whole ? boxes : boxes.map((b) => ({ ...b, x: b.x + region.x, y: b.y + region.y }));
    }),
  );
  return found.flat();
}

/** Re-runs the detector on a crop around the candidate (in `look`'s pixels) and keeps it only if it is seen again. */
async function secondLook(pool: DetectorPool, look: RawPixels, candidate: ScoredBox): Promise<ScoredBox | null> {
  const region = lookRegion(candidate, look);
  if (Math.min(region.width, region.height) < 16) return null;
  const seen = await pool.faces(cropPixels(look, region), { inputSize: FINE_SCAN_DEFAULTS.lookInputSize, scoreThreshold: FINE_SCAN_DEFAULTS.lookReadScore });
  return judgeSecondLook(candidate, seen.map((b) => ({ ...b, x: b.x + region.x, y: b.y + region.y })));
}

/**
 * Finds faces in an RGB preview: the tiles of planFaceScan and, when the caller gives one (analyze,
 * for a source larger than the preview: see wantsFineScan), one pass over a preview twice as large,
 * each a pool task, in parallel when there are free workers; doubtful candidates get a second look
 * (see detect/fine-face-scan.ts). `finePreview` is a promise so that its decode can run beside the
 * coarse pass. Boxes are in the preview's pixels, best first.
 */
export async function scanFaces(pool: DetectorPool, preview: RawPixels, finePreview?: Promise<RawPixels> | null): Promise<ScoredBox[]> {
  const finePixels = finePreview ?? Promise.resolve(null);
  const [coarse, fineBoxes] = await Promise.all([
    detectInTiles(pool, preview, planFaceScan(preview), FINE_SCAN_DEFAULTS.candidateScore),
    finePixels.then(async (pixels) => {
      if (pixels === null || Math.min(pixels.width, pixels.height) < FACE_SCAN_DEFAULTS.minSide) return { pixels, boxes: [] };
      // One pass over the whole fine preview at its own scale: the network input is the preview padded
      // to multiples of 32 (896×608 for 3:2, 545 k network pixels), where square tiles of its short side
      // were two of 608 (739 k) for 3:2 and four of 672 (1.8 M) for 4:3.
      const inputSize = Math.max(pixels.width, pixels.height);
      return { pixels, boxes: await pool.faces(pixels, { inputSize, scoreThreshold: FINE_SCAN_DEFAULTS.fineCandidateScore }) };
    }),
  ]);
  const look = fineBoxes.pixels ?? preview;
  const candidates = mergeFaceBoxes<Candidate>([
    ...coarse.map((b) => ({ ...b, fine: false })),
    ...fineBoxes.boxes.map((b) => ({ ...scaleBox(b, look, preview), fine: true })),
  ]);
  const judged = await Promise.all(
    candidates.map(async (candidate): Promise<ScoredBox | null> => {
      const { fine: _fine, ...box } = candidate;
      if (!needsSecondLook(candidate)) return box;
      const kept = await secondLook(pool, look, scaleBox(box, preview, look));
      return kept === null ? null : { ...box, score: kept.score };
    }),
  );
  return mergeFaceBoxes(judged.filter((b): b is ScoredBox => b !== null));
}
