import type { Size } from '../geometry/types.js';
import type { RawPixels } from './pixels.js';

/** Area-average of the pixels into `size` (each output pixel averages a whole block of inputs). */
export function boxFilter(pixels: RawPixels, size: Size): Uint8ClampedArray {
  const { data, width, height, channels } = pixels;
  const out = new Uint8ClampedArray(size.width * size.height * 4);
  for (let oy = 0; oy < size.height; oy++) {
    const y0 = Math.floor((oy * height) / size.height);
    const y1 = Math.floor(((oy + 1) * height) / size.height);
    for (let ox = 0; ox < size.width; ox++) {
      const x0 = Math.floor((ox * width) / size.width);
      const x1 = Math.floor(((ox + 1) * width) / size.width);
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const i = (y * width + x) * channels;
          // Colours are weighted by alpha so transparent pixels do not bleed their (meaningless) RGB in.
          const alpha = channels === 4 ? data[i + 3]! : 255;
          r += data[i]! * alpha;
          g += data[i + 1]! * alpha;
          b += data[i + 2]! * alpha;
          a += alpha;
        }
      }
      const o = (oy * size.width + ox) * 4;
      const count = (y1 - y0) * (x1 - x0);
      out[o] = a > 0 ? r / a : 0;
      out[o + 1] = a > 0 ? g / a : 0;
      out[o + 2] = a > 0 ? b / a : 0;
      out[o + 3] = a / count;
    }
  }
  return out;
}

/** The pixels shrunk to fit `maxSide` on their long side (RGBA), or the same pixels when already small enough. */
export function downsamplePixels(pixels: RawPixels, maxSide: number): RawPixels {
  const scale = maxSide / Math.max(pixels.width, pixels.height);
  if (scale >= 1) return pixels;
  const size = { width: Math.max(1, Math.round(pixels.width * scale)), height: Math.max(1, Math.round(pixels.height * scale)) };
  const rgba = boxFilter(pixels, size);
  return { data: new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength), width: size.width, height: size.height, channels: 4 };
}
