import type { DetectedObject, Size } from '../geometry/types.js';
import { decodeCenterNet, findPeaks } from './centernet-decode.js';
import { COCO_LABELS } from './object-labels.js';
import { CENTERNET_ALIGN, CENTERNET_STRIDE, type ObjectModel, type Tensor } from './object-model.js';
import { floatPixels } from './float-pixels.js';
import type { RawPixels } from './pixels.js';

/** Tunables of the object detector, in one place. */
export const OBJECT_DEFAULTS = {
  /**
   * Long side of the network input. 416 costs about two thirds of the model's native 512
   * (square); at 320 objects of a fifth of the frame (a phone, a glass in a hand) were often
   * not found at all, and at 384 (0.82 of the pixels) bench:quality's `face` fell to 0.946 and
   * `smart` to 0.953 (crops without a found face fall through to the objects).
   */
  inputSide: 416,
  /**
   * The coarse pass for the people around found faces (smart's body framing): they are large, and
   * their boxes at 256 match those at 416 (IoU about 0.9 on the samples) for 40 % of the work.
   */
  coarseSide: 256,
  /**
   * @vladmandic/human's own default. Objects pasted into a picture, scaled or blurred, score
   * 0.2–0.45 even when the box is right, and the crop needs the box more than the label.
   */
  minScore: 0.2,
  maxOverlap: 0.4,
  maxObjects: 10,
  /** Peaks looked at before the score cut (the network's own decoder takes 100). */
  candidates: 100,
} as const;

/** The largest network input in use (a square preview), which every worker runs once at start (see detect-worker.ts). */
export const OBJECT_WARMUP_SIZE: Size = objectInputSize({ width: 1, height: 1 });

export interface ObjectDetectOptions {
  readonly inputSide?: number;
  readonly minScore?: number;
}

/** The network input for pixels of `size`: the aspect kept, each side a multiple of 32. */
export function objectInputSize(size: Size, side: number = OBJECT_DEFAULTS.inputSide): Size {
  const scale = side / Math.max(size.width, size.height);
  const align = (n: number) => Math.max(CENTERNET_ALIGN, Math.round((n * scale) / CENTERNET_ALIGN) * CENTERNET_ALIGN);
  return { width: align(size.width), height: align(size.height) };
}

/**
 * Finds COCO objects in an RGB preview with CenterNet. Boxes are in the preview's pixels,
 * best score first, at most OBJECT_DEFAULTS.maxObjects.
 */
export async function detectObjects(model: ObjectModel, pixels: RawPixels, options: ObjectDetectOptions = {}): Promise<DetectedObject[]> {
  if (pixels.channels !== 3) throw new Error('detectObjects needs RGB pixels');
  if (Math.min(pixels.width, pixels.height) < 16) return [];
  const { tf } = model;
  const input = objectInputSize(pixels, options.inputSide);
  const owned: Tensor[] = [];
  try {
    const batch = tf.tidy(() =>
      tf.image.resizeBilinear(tf.tensor4d(floatPixels(pixels), [1, pixels.height, pixels.width, 3], 'float32'), [input.height, input.width]),
    );
    owned.push(batch);
    const [heatmap, sizes] = model.run(batch);
    owned.push(heatmap, sizes);
    const [, gridHeight, gridWidth, classes] = heatmap.shape as [number, number, number, number];
    const minScore = options.minScore ?? OBJECT_DEFAULTS.minScore;
    const [scoresMap, boxSizes] = await Promise.all([heatmap.data(), sizes.data()]);
    const peaks = findPeaks(scoresMap, { width: gridWidth, height: gridHeight, classes }, minScore, OBJECT_DEFAULTS.candidates);
    const found = decodeCenterNet(peaks, boxSizes, { width: gridWidth, height: gridHeight, classes, stride: CENTERNET_STRIDE }, input, {
      minScore,
      maxOverlap: OBJECT_DEFAULTS.maxOverlap,
      maxObjects: OBJECT_DEFAULTS.maxObjects,
    });
    const sx = pixels.width / input.width;
    const sy = pixels.height / input.height;
    return found.map(({ classIndex, score, box }) => ({
      label: COCO_LABELS[classIndex] ?? 'object',
      score: Math.round(score * 1000) / 1000,
      box: { x: box.x * sx, y: box.y * sy, width: box.width * sx, height: box.height * sy },
    }));
  } finally {
    for (const tensor of owned) tensor.dispose();
  }
}
