import type { RawPixels } from './pixels.js';

let scratch = new Float32Array(0);

/**
 * The pixels' bytes as float32, in a buffer this thread reuses: valid only until the next call.
 * tfjs' WASM backend copies a new tensor's values into its heap at once, so a detector's input can
 * come from here; a fresh `Float32Array.from` per call left 1.6–4.3 MB of garbage per tile, and a
 * worker's background GC threads were a sixth of an analyze's CPU.
 * A larger `width`×`height` pads the image with black on the right and bottom (detectFaces' 32 px grid).
 */
export function floatPixels(pixels: RawPixels, width: number = pixels.width, height: number = pixels.height): Float32Array {
  const size = width * height * pixels.channels;
  if (scratch.length < size) scratch = new Float32Array(size);
  const values = scratch.subarray(0, size);
  const data = pixels.data;
  if (width === pixels.width && height === pixels.height) {
    for (let i = 0; i < size; i++) values[i] = data[i]!;
    return values;
  }
  if (width < pixels.width || height < pixels.height) throw new Error('floatPixels pads, it does not crop');
  const row = pixels.width * pixels.channels;
  const paddedRow = width * pixels.channels;
  // Only the padding is zeroed (the buffer holds the last call's values): the image is written once.
  for (let y = 0; y < pixels.height; y++) {
    const from = y * row;
    const to = y * paddedRow;
    for (let i = 0; i < row; i++) values[to + i] = data[from + i]!;
    values.fill(0, to + row, to + paddedRow);
  }
  values.fill(0, pixels.height * paddedRow);
  return values;
}
