import { rgbaToThumbHash } from 'thumbhash';
import type { Size } from '../geometry/types.js';
import type { RawPixels } from './pixels.js';
import { assertRawPixels } from './rgba.js';

/** ThumbHash encodes at most this many pixels per side. */
export const PLACEHOLDER_MAX_SIDE = 100;

/** The size the pixels are box-filtered to before encoding: the same aspect, at most 100 px a side. */
export function placeholderSize(source: Size): Size {
  const scale = Math.min(1, PLACEHOLDER_MAX_SIDE / Math.max(source.width, source.height));
  return {
    width: Math.min(PLACEHOLDER_MAX_SIDE, Math.max(1, Math.round(source.width * scale))),
    height: Math.min(PLACEHOLDER_MAX_SIDE, Math.max(1, Math.round(source.height * scale))),
  };
}

/** Area-average of the pixels into `size` (each output pixel averages a whole block of inputs). */
function boxFilter(pixels: RawPixels, size: Size): Uint8ClampedArray {
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

/**
 * The ThumbHash of the pixels, base64 (~25–35 characters). Any size is accepted: larger inputs are
 * box-filtered to fit 100×100 here, so callers can pass the detectors' preview as it is.
 * @throws internal_error when the pixel buffer does not match its size
 */
export function encodePlaceholder(pixels: RawPixels): string {
  assertRawPixels(pixels);
  const size = placeholderSize(pixels);
  const rgba = boxFilter(pixels, size);
  return Buffer.from(rgbaToThumbHash(size.width, size.height, rgba)).toString('base64');
}
