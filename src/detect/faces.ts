import { FACE_SCAN_DEFAULTS } from './face-scan-plan.js';
import type { ScoredBox } from '../geometry/types.js';
import type { FaceModel } from './face-model.js';
import { floatPixels } from './float-pixels.js';
import type { RawPixels } from './pixels.js';

/** Tunables of the face detector, in one place. */
export const FACE_DEFAULTS = {
  /** TinyFaceDetector's network input: one of the sizes every worker warms up, the face scan's preview side. */
  inputSize: FACE_SCAN_DEFAULTS.previewSide,
  /** Below this the detector's boxes on our samples are mostly texture, not faces. */
  scoreThreshold: 0.45,
} as const;

export interface FaceDetectOptions {
  readonly inputSize?: number;
  readonly scoreThreshold?: number;
}

/**
 * Finds faces in an RGB preview with TinyFaceDetector. Boxes are in the preview's pixels,
 * clipped to it, best score first.
 */
export async function detectFaces(model: FaceModel, pixels: RawPixels, options: FaceDetectOptions = {}): Promise<ScoredBox[]> {
  if (pixels.channels !== 3) throw new Error('detectFaces needs RGB pixels');
  // Tiny inputs make the network's 32-px grid meaningless; nothing face-sized fits anyway.
  if (Math.min(pixels.width, pixels.height) < 16) return [];
  const { api, tf } = model;
  // float32 from the start: face-api casts its input to float32 anyway (a whole extra pass per tile).
  const tensor = tf.tensor3d(floatPixels(pixels), [pixels.height, pixels.width, 3], 'float32');
  try {
    const found = await api.detectAllFaces(
      tensor,
      new api.TinyFaceDetectorOptions({
        inputSize: options.inputSize ?? FACE_DEFAULTS.inputSize,
        scoreThreshold: options.scoreThreshold ?? FACE_DEFAULTS.scoreThreshold,
      }),
    );
    return found
      .map(({ box, score }) => clipBox(box, pixels, score))
      .filter((box): box is ScoredBox => box !== null)
      .sort((a, b) => b.score - a.score);
  } finally {
    tensor.dispose();
  }
}

function clipBox(box: { x: number; y: number; width: number; height: number }, size: RawPixels, score: number): ScoredBox | null {
  const x0 = Math.max(0, box.x);
  const y0 = Math.max(0, box.y);
  const x1 = Math.min(size.width, box.x + box.width);
  const y1 = Math.min(size.height, box.y + box.height);
  if (x1 - x0 < 1 || y1 - y0 < 1) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0, score: Math.round(score * 1000) / 1000 };
}
