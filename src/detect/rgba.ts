import { AppError } from '../errors/app-error.js';
import type { RawPixels } from './pixels.js';

/**
 * Checks that a pixel buffer holds exactly `width × height × channels` bytes.
 * @throws internal_error when it does not: the engine made the buffer, so a mismatch is a bug
 */
export function assertRawPixels(pixels: RawPixels): void {
  const { width, height, channels, data } = pixels;
  const sizeOk = Number.isInteger(width) && Number.isInteger(height) && width >= 1 && height >= 1;
  if (!sizeOk || (channels !== 3 && channels !== 4) || data.length !== width * height * channels) {
    throw new AppError('internal_error', `Expected ${width}×${height}×${channels} pixel bytes but received ${data.length}`, {
      details: { width, height, channels, bytes: data.length },
    });
  }
}

/** The pixels as interleaved RGBA: a view of the same memory when already RGBA, else a copy with opaque alpha. */
export function toRgba(pixels: RawPixels): Uint8ClampedArray {
  assertRawPixels(pixels);
  const { data } = pixels;
  if (pixels.channels === 4) return new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength);
  const count = pixels.width * pixels.height;
  const rgba = new Uint8ClampedArray(count * 4);
  for (let i = 0, j = 0; i < count * 3; i += 3, j += 4) {
    rgba[j] = data[i]!;
    rgba[j + 1] = data[i + 1]!;
    rgba[j + 2] = data[i + 2]!;
    rgba[j + 3] = 255;
  }
  return rgba;
}
