import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FACE_SCAN_DEFAULTS, planFaceScan } from '../../src/detect/face-scan-plan.js';
import type { RawPixels } from '../../src/detect/pixels.js';
import type { DetectorPool } from '../../src/workers/detector-pool.js';
import { scanFaces } from '../../src/workers/scan-faces.js';

const pixels = (width: number, height: number): RawPixels => ({ data: new Uint8Array(width * height * 3), width, height, channels: 3 });

/** A pool that finds nothing and records each face pass it is asked for, in order: "W×H@inputSize". */
function recordingPool(): { pool: DetectorPool; passes: string[] } {
  const passes: string[] = [];
  const unused = () => Promise.reject(new Error('not used by scanFaces'));
  const pool: DetectorPool = {
    faces: async (p, options) => {
      passes.push(`${p.width}×${p.height}@${options?.inputSize}`);
      return [];
    },
    objects: unused,
    smartCrop: unused,
    describe: unused,
    status: unused,
    queueSize: 0,
    destroy: async () => undefined,
  };
  return { pool, passes };
}

describe('scanFaces: which passes it queues', () => {
  it('with a fine preview: the fine pass first (the longest chain), then one large-face pass over the coarse preview', async () => {
    const { pool, passes } = recordingPool();
    assert.deepEqual(await scanFaces(pool, pixels(448, 299), pixels(896, 597)), []);
    assert.deepEqual(passes, ['896×597@896', `448×299@${FACE_SCAN_DEFAULTS.largeFaceSide}`]);
  });

  it('without one (renders, small sources): the coarse tiles of planFaceScan, and nothing else', async () => {
    const { pool, passes } = recordingPool();
    await scanFaces(pool, pixels(448, 299));
    const tiles = planFaceScan({ width: 448, height: 299 });
    assert.equal(tiles.length, 2);
    assert.deepEqual(passes, tiles.map((t) => `${t.region.width}×${t.region.height}@${t.inputSize}`));
  });
});
