import { mergeFaceBoxes, planFaceScan } from '../detect/face-scan-plan.js';
import { cropPixels, type RawPixels } from '../detect/pixels.js';
import type { ScoredBox } from '../geometry/types.js';
import type { DetectorPool } from './detector-pool.js';

/**
 * Finds faces in an RGB preview: the tiles of planFaceScan run as separate pool tasks (so in
 * parallel when there are free workers), then their boxes are merged. Boxes are in the
 * preview's pixels, best first.
 */
export async function scanFaces(pool: DetectorPool, preview: RawPixels): Promise<ScoredBox[]> {
  const tiles = planFaceScan(preview);
  const found = await Promise.all(
    tiles.map(async ({ region, inputSize }) => {
      const whole = tiles.length === 1;
      const boxes = await pool.faces(whole ? preview : cropPixels(preview, region), { inputSize });
      return whole ? boxes : boxes.map((b) => ({ ...b, x: b.x + region.x, y: b.y + region.y }));
    }),
  );
  return mergeFaceBoxes(found.flat());
}
