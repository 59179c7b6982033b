import { FACE_SCAN_DEFAULTS } from './face-scan-plan.js';
import type { ScoredBox } from '../geometry/types.js';
import type { FaceModel } from './face-model.js';
import { floatPixels } from './float-pixels.js';
import type { RawPixels } from './pixels.js';
import { decodeTinyFaceGrid, suppressFaceOverlaps, TINY_FACE_CELL } from './tiny-face-decode.js';

/** Tunables of the face detector, in one place. */
export const FACE_DEFAULTS = {
  /** The long side the network sees a preview at, unless told: the face scan's preview side. */
  inputSize: FACE_SCAN_DEFAULTS.previewSide,
  /** Below this the detector's boxes on our samples are mostly texture, not faces. */
  scoreThreshold: 0.45,
} as const;

export interface FaceDetectOptions {
  /** The long side the pixels are scaled to for the network (face-api's inputSize; any size, not only multiples of 32). */
  readonly inputSize?: number;
  readonly scoreThreshold?: number;
}

/** The network input for `pixels` at `inputSize`: the scaled image and the padded grid holding it. */
export function faceNetworkInput(pixels: { width: number; height: number }, inputSize: number): { width: number; height: number; paddedWidth: number; paddedHeight: number } {
  const scale = inputSize / Math.max(pixels.width, pixels.height);
  const width = Math.max(1, Math.round(pixels.width * scale));
  const height = Math.max(1, Math.round(pixels.height * scale));
  const up = (v: number) => Math.ceil(v / TINY_FACE_CELL) * TINY_FACE_CELL;
  return { width, height, paddedWidth: up(width), paddedHeight: up(height) };
}

/**
 * Finds faces in an RGB preview with TinyFaceDetector. The network is fully convolutional, so it
 * sees the pixels scaled to `inputSize` on their long side and padded with black only up to the next
 * multiple of 32 on each side: face-api pads every input to a square, which for a 3:2 preview is a
 * third of the work spent on padding. Boxes are in the preview's pixels, clipped to it, best score first.
 */
export async function detectFaces(model: FaceModel, pixels: RawPixels, options: FaceDetectOptions = {}): Promise<ScoredBox[]> {
  if (pixels.channels !== 3) throw new Error('detectFaces needs RGB pixels');
  // Tiny inputs make the network's 32-px grid meaningless; nothing face-sized fits anyway.
  if (Math.min(pixels.width, pixels.height) < FACE_SCAN_DEFAULTS.minSide) return [];
  const { tf } = model;
  // face-api's TinyFaceDetector: its config (anchors, overlap threshold); the pass is model.forward.
  const net = model.api.nets.tinyFaceDetector;
  const input = faceNetworkInput(pixels, options.inputSize ?? FACE_DEFAULTS.inputSize);
  const shape: [number, number, number, number] = [1, input.paddedHeight, input.paddedWidth, 3];
  const native = input.width === pixels.width && input.height === pixels.height;
  const batch = native
    ? tf.tensor4d(floatPixels(pixels, input.paddedWidth, input.paddedHeight), shape, 'float32')
    : tf.tidy(() => {
        // float32 from the start: the network casts its input to float32 anyway.
        const image = tf.tensor4d(floatPixels(pixels), [1, pixels.height, pixels.width, 3], 'float32');
        const resized = tf.image.resizeBilinear(image, [input.height, input.width]);
        if (input.paddedWidth === input.width && input.paddedHeight === input.height) return resized;
        return tf.pad(resized, [[0, 0], [0, input.paddedHeight - input.height], [0, input.paddedWidth - input.width], [0, 0]]);
      });
  let values: ArrayLike<number>;
  try {
    const out = model.forward(batch);
    try {
      values = await out.data();
    } finally {
      out.dispose();
    }
  } finally {
    batch.dispose();
  }
  const grid = { cols: input.paddedWidth / TINY_FACE_CELL, rows: input.paddedHeight / TINY_FACE_CELL, anchors: net.config.anchors };
  const found = suppressFaceOverlaps(decodeTinyFaceGrid(values, grid, options.scoreThreshold ?? FACE_DEFAULTS.scoreThreshold), net.config.iouThreshold);
  // Input pixels back to the preview's: per axis, as face-api maps its boxes through the rounded scaled size.
  const sx = pixels.width / input.width;
  const sy = pixels.height / input.height;
  return found
    .map((box) => clipBox({ x: box.x * sx, y: box.y * sy, width: box.width * sx, height: box.height * sy }, pixels, box.score))
    .filter((box): box is ScoredBox => box !== null)
    .sort((a, b) => b.score - a.score);
}

function clipBox(box: { x: number; y: number; width: number; height: number }, size: RawPixels, score: number): ScoredBox | null {
  const x0 = Math.max(0, box.x);
  const y0 = Math.max(0, box.y);
  const x1 = Math.min(size.width, box.x + box.width);
  const y1 = Math.min(size.height, box.y + box.height);
  if (x1 - x0 < 1 || y1 - y0 < 1) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0, score: Math.round(score * 1000) / 1000 };
}
