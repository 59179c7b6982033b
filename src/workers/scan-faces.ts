import { FACE_SCAN_DEFAULTS, mergeFaceBoxes, planFaceScan, planLargeFaceScan } from '../detect/face-scan-plan.js';
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
  if (Math.min(region.width, region.height) < FACE_SCAN_DEFAULTS.minSide) return null;
  const seen = await pool.faces(cropPixels(look, region), { inputSize: FINE_SCAN_DEFAULTS.lookInputSize, scoreThreshold: FINE_SCAN_DEFAULTS.lookReadScore });
  return judgeSecondLook(candidate, seen.map((b) => ({ ...b, x: b.x + region.x, y: b.y + region.y })));
}

/**
 * The fine pass: one network pass over the whole fine preview at its own scale, the network input
 * being the preview padded to multiples of 32 (896×608 for 3:2, 545 k network pixels), where square
 * tiles of its short side were two of 608 (739 k) for 3:2 and four of 672 (1.8 M) for 4:3. Boxes in
 * the fine preview's pixels, from the fine candidate score.
 */
export function finePass(pool: DetectorPool, fine: RawPixels): Promise<ScoredBox[]> {
  return pool.faces(fine, { inputSize: Math.max(fine.width, fine.height), scoreThreshold: FINE_SCAN_DEFAULTS.fineCandidateScore });
}

/**
 * Finds faces in an RGB preview: the tiles of planFaceScan or, when the caller gives a preview twice
 * as large (analyze, for a source larger than the preview: see wantsFineScan), one pass over that
 * fine preview and one small pass for the faces too large for it (see planLargeFaceScan); each a
 * pool task, in parallel when there are free workers. Doubtful candidates get a second look
 * (see detect/fine-face-scan.ts). Boxes are in the preview's pixels, best first.
 */
export async function scanFaces(pool: DetectorPool, preview: RawPixels, fine: RawPixels | null = null): Promise<ScoredBox[]> {
  // Queued first: the fine pass and its second looks are the longest chain of work in analyze.
  const fineFound = fine === null ? Promise.resolve([]) : finePass(pool, fine);
  const [coarse, fineBoxes] = await Promise.all([
    detectInTiles(pool, preview, fine === null ? planFaceScan(preview) : planLargeFaceScan(preview), FINE_SCAN_DEFAULTS.candidateScore),
    fineFound,
  ]);
  const look = fine ?? preview;
  const candidates = mergeFaceBoxes<Candidate>([
    ...coarse.map((b) => ({ ...b, fine: false })),
    ...fineBoxes.map((b) => ({ ...scaleBox(b, look, preview), fine: true })),
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
