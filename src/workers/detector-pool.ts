import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { PixelDescription } from '../detect/describe-pixels.js';
import type { FaceDetectOptions } from '../detect/faces.js';
import type { ObjectDetectOptions } from '../detect/objects.js';
import type { RawPixels } from '../detect/pixels.js';
import type { DetectedObject, ScoredBox, Size } from '../geometry/types.js';
import type { DetectAnswer, DetectTask, SmartCropAnswer, WorkerStatus } from './detect-worker.js';

/** CPU-heavy detection (faces, smartcrop, palette) on worker threads, off the event loop. */
export interface DetectorPool {
  faces(pixels: RawPixels, options?: FaceDetectOptions): Promise<ScoredBox[]>;
  /** COCO objects (CenterNet), in the pixels' coordinates, best first. */
  objects(pixels: RawPixels, options?: ObjectDetectOptions): Promise<DetectedObject[]>;
  /** smartcrop's best window of the target aspect, in the pixels' coordinates. */
  smartCrop(pixels: RawPixels, target: Size): Promise<SmartCropAnswer | null>;
  /** smartcrop focus, palette and placeholder of one preview. */
  describe(pixels: RawPixels): Promise<PixelDescription>;
  /** Load and warm-up timings of every worker (waits for all of them to be ready). */
  status(): Promise<WorkerStatus[]>;
  /** Tasks waiting for a free worker. */
  readonly queueSize: number;
  destroy(): Promise<void>;
}

export interface DetectorPoolOptions {
  /** Worker threads; defaults to the number of cores. */
  readonly threads?: number;
}

// Under tsx (tests, benches) the sources are .ts and need a shim; the build runs the compiled .js.
const workerFile = new URL(import.meta.url.endsWith('.ts') ? './detect-worker.dev.mjs' : './detect-worker.js', import.meta.url);

/** Starts the worker threads now, so their models load while the caller gets on with start-up. */
export function createDetectorPool(options: DetectorPoolOptions = {}): DetectorPool {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const piscina = new Piscina<DetectTask, DetectAnswer>({
    filename: workerFile.href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Number.POSITIVE_INFINITY,
  });
  return {
    faces: (pixels, faceOptions) => piscina.run({ op: 'faces', pixels, ...(faceOptions ? { options: faceOptions } : {}) }) as Promise<ScoredBox[]>,
    objects: (pixels, objectOptions) => piscina.run({ op: 'objects', pixels, ...(objectOptions ? { options: objectOptions } : {}) }) as Promise<DetectedObject[]>,
    smartCrop: (pixels, target) => piscina.run({ op: 'smartcrop', pixels, target }) as Promise<SmartCropAnswer | null>,
    describe: (pixels) => piscina.run({ op: 'describe', pixels }) as Promise<PixelDescription>,
    async status() {
      // One task per thread in parallel: with every worker busy on one, each answers once.
      const all = await Promise.all(Array.from({ length: threads }, () => piscina.run({ op: 'status' }) as Promise<WorkerStatus>));
      return all;
    },
    get queueSize() {
      return piscina.queueSize;
    },
    destroy: () => piscina.destroy(),
  };
}
