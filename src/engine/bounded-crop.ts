import type { Size } from '../geometry/types.js';

/**
 * A cover crop resizes the whole source to the output's scale and cuts the window after (so JPEG
 * shrink-on-load still works). On an extreme shape that whole-image intermediate explodes: a 20000×10
 * PNG cropped to 500×500 is scaled 50× to 1,000,000×500 px (2.6 GB, tens of seconds) before libvips'
 * strategy or the extract runs. These pure rules bound it before anything is decoded.
 */

/** The intermediate may be this many times the larger of the source and the output; beyond it the crop is bounded. */
export const MAX_INTERMEDIATE_FACTOR = 4;

/**
 * The whole source at the scale of a cover crop, as libvips' cover resize makes it (the larger of the two
 * axis scales). A chosen window's own scale (plan-render's cropScale) is never larger: its window is
 * rounded up to whole pixels.
 */
export function coverIntermediate(source: Size, output: Size): Size {
  const scale = Math.max(output.width / source.width, output.height / source.height);
  return { width: Math.max(output.width, Math.round(source.width * scale)), height: Math.max(output.height, Math.round(source.height * scale)) };
}

function pixels(size: Size): number {
  return size.width * size.height;
}

/**
 * True when a cover crop of `source` to `output` must not scale the whole source first: the
 * intermediate would exceed MAX_INTERMEDIATE_FACTOR × max(source, output) pixels. Such crops cut
 * their window from the source first and scale only the window (plan-render.ts), and libvips'
 * strategies choose that window on a smaller copy (locateSize).
 */
export function needsBoundedCrop(source: Size, output: Size): boolean {
  return pixels(coverIntermediate(source, output)) > MAX_INTERMEDIATE_FACTOR * Math.max(pixels(source), pixels(output));
}

/**
 * The output size at which libvips' attention/entropy strategies pick the window of a bounded crop:
 * the crop's shape shrunk until the whole-source intermediate is no larger than the source or the
 * output, whichever is larger. The window found there, in source pixels, is then cut and scaled.
 */
export function locateSize(source: Size, output: Size): Size {
  const bound = Math.max(pixels(source), pixels(output));
  const factor = Math.min(1, Math.sqrt(bound / pixels(coverIntermediate(source, output))));
  return { width: Math.max(1, Math.round(output.width * factor)), height: Math.max(1, Math.round(output.height * factor)) };
}
