/**
 * Decoded pixels handed to the detectors: a small preview made by sharp (engine/), never
 * the full image. `scale` maps preview pixels back to source pixels (source = preview / scale).
 */
export interface RawPixels {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** 3 for RGB, 4 for RGBA, interleaved, row-major, no padding. */
  readonly channels: 3 | 4;
}

/** Copies a rectangle out of interleaved pixels (integer coordinates, clipped to the image). */
export function cropPixels(pixels: RawPixels, rect: { x: number; y: number; width: number; height: number }): RawPixels {
  const x0 = Math.max(0, Math.floor(rect.x));
  const y0 = Math.max(0, Math.floor(rect.y));
  const width = Math.min(pixels.width - x0, Math.round(rect.width));
  const height = Math.min(pixels.height - y0, Math.round(rect.height));
  const rowBytes = width * pixels.channels;
  const data = new Uint8Array(rowBytes * height);
  for (let row = 0; row < height; row++) {
    const start = ((y0 + row) * pixels.width + x0) * pixels.channels;
    data.set(pixels.data.subarray(start, start + rowBytes), row * rowBytes);
  }
  return { data, width, height, channels: pixels.channels };
}
