import { createDetectorPool, type DetectorPool, type DetectorPoolOptions } from './detector-pool.js';

/** A pool that starts its threads on first use, so renders that need no detection never pay for them (CLI, library). */
export function createLazyDetectorPool(options: DetectorPoolOptions = {}): DetectorPool {
  let pool: DetectorPool | null = null;
  const get = () => (pool ??= createDetectorPool(options));
  return {
    faces: (pixels, faceOptions) => get().faces(pixels, faceOptions),
    objects: (pixels, objectOptions) => get().objects(pixels, objectOptions),
    smartCrop: (pixels, target) => get().smartCrop(pixels, target),
    describe: (pixels) => get().describe(pixels),
    status: () => get().status(),
    get queueSize() {
      return pool?.queueSize ?? 0;
    },
    destroy: async () => {
      if (pool !== null) await pool.destroy();
      pool = null;
    },
  };
}
