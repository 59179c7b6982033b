import type { RawPixels } from './pixels.js';

let scratch = new Float32Array(0);

/**
 * The pixels' bytes as float32, in a buffer this thread reuses: valid only until the next call.
 * tfjs' WASM backend copies a new tensor's values into its heap at once, so a detector's input can
 * come from here; a fresh `Float32Array.from` per call left 1.6–4.3 MB of garbage per tile, and a
 * worker's background GC threads were a sixth of an analyze's CPU.
 */
export function floatPixels(pixels: RawPixels): Float32Array {
  const size = pixels.data.length;
  if (scratch.length < size) scratch = new Float32Array(size);
  const values = scratch.subarray(0, size);
  const data = pixels.data;
  for (let i = 0; i < size; i++) values[i] = data[i]!;
  return values;
}
