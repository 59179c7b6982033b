import { rgbaToThumbHash } from 'thumbhash';
import type { Size } from '../geometry/types.js';
import type { RawPixels } from './pixels.js';
import { boxFilter } from './downsample.js';
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
