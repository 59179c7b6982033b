// Entry of a detector worker thread. The face model loads once per worker, before the first
// task, with a warm-up detection so the first real request does not pay tfjs' cold start.
import { DESCRIBE_SIDE, describePixels, type PixelDescription } from '../detect/describe-pixels.js';
import { downsamplePixels } from '../detect/downsample.js';
import { detectFaces, type FaceDetectOptions } from '../detect/faces.js';
import { loadFaceModel } from '../detect/face-model.js';
import { loadObjectModel } from '../detect/object-model.js';
import { detectObjects, OBJECT_WARMUP_SIZE, type ObjectDetectOptions } from '../detect/objects.js';
import { FACE_INPUT_SIZES } from '../detect/face-scan-plan.js';
import type { RawPixels } from '../detect/pixels.js';
import { detectSmartCrop } from '../detect/smartcrop.js';
import type { DetectedObject, Rect, ScoredBox, Size } from '../geometry/types.js';

export type DetectTask =
  | { readonly op: 'faces'; readonly pixels: RawPixels; readonly options?: FaceDetectOptions }
  | { readonly op: 'objects'; readonly pixels: RawPixels; readonly options?: ObjectDetectOptions }
  | { readonly op: 'smartcrop'; readonly pixels: RawPixels; readonly target: Size }
  | { readonly op: 'describe'; readonly pixels: RawPixels }
  | { readonly op: 'status' };

export interface SmartCropAnswer {
  /** In the pixels of `size` (the preview, shrunk to smartcrop's working size when larger). */
  readonly window: Rect;
  readonly size: Size;
  readonly confidence: number;
}

export type DetectAnswer = ScoredBox[] | DetectedObject[] | SmartCropAnswer | PixelDescription | null | WorkerStatus;

export interface WorkerStatus {
  /** Both models: faces and objects. */
  readonly loadMs: number;
  readonly objectLoadMs: number;
  readonly warmupMs: number;
  readonly threadId: number;
}

const model = await loadFaceModel();
const objectModel = await loadObjectModel();
const warmupStarted = performance.now();
const grey = (size: Size): RawPixels => ({ data: new Uint8Array(size.width * size.height * 3).fill(128), ...size, channels: 3 });
// tfjs' first run is slow (the WASM code and the JIT warming up, the heap growing to the largest
// tensors). After one run at the largest input in use, a first run at any smaller input costs about
// what a warm one does (measured: 608 px 154 ms cold vs 137 warm, 448 px 90 vs 72; run smallest
// first instead, each new size cost two to three warm runs), so one run per model is the warm-up.
// Renders' largest input, not analyze's fine pass (up to 896×896): a run at that grows the worker's
// WASM heap, which never shrinks, by about 120 MB (29 → 147 MB, as the 672 px tiles before it did,
// 67 → 152, with every map of a pass alive to its end), which a server that never analyses should not
// carry. analyze's first fine pass in a worker pays that start instead.
const largestFaceInput = Math.max(...FACE_INPUT_SIZES);
await detectFaces(model, grey({ width: largestFaceInput, height: largestFaceInput }), { inputSize: largestFaceInput });
await detectObjects(objectModel, grey(OBJECT_WARMUP_SIZE));
const status: WorkerStatus = {
  loadMs: Math.round(model.loadMs + objectModel.loadMs),
  objectLoadMs: Math.round(objectModel.loadMs),
  warmupMs: Math.round(performance.now() - warmupStarted),
  threadId: (await import('node:worker_threads')).threadId,
};

export default async function run(task: DetectTask): Promise<DetectAnswer> {
  switch (task.op) {
    case 'faces':
      return detectFaces(model, task.pixels, task.options);
    case 'objects':
      return detectObjects(objectModel, task.pixels, task.options);
    case 'smartcrop': {
      const pixels = downsamplePixels(task.pixels, DESCRIBE_SIDE);
      const pick = detectSmartCrop(pixels, task.target);
      return pick === null ? null : { window: pick.window, size: { width: pixels.width, height: pixels.height }, confidence: pick.confidence };
    }
    case 'describe':
      return describePixels(task.pixels);
    case 'status':
      return status;
  }
}
