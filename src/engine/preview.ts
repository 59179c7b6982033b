import sharp from 'sharp';
import { decodeError, decodeOptionsFor, type FrameSelection, type ImageInput, type SourceInfo } from './source-info.js';
import type { ProbeLimits } from '../config/limits.js';
import type { Size } from '../geometry/types.js';
import type { Deadline } from '../shared/deadline.js';
import { withTimeout } from './open-source.js';

/** Interleaved RGB or RGBA preview pixels, row-major, no padding: what detect/ takes as RawPixels. */
export interface PreviewPixels {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 3 | 4;
}

/** The size of the preview of `source` at most `maxSide` on its long side (pure). */
export function previewSize(source: Size, maxSide: number): Size {
  const scale = Math.min(1, maxSide / Math.max(source.width, source.height));
  return { width: Math.max(1, Math.round(source.width * scale)), height: Math.max(1, Math.round(source.height * scale)) };
}

/**
 * A smaller preview resampled from a larger one's pixels, as loadPreview resamples a decode: a
 * second preview of one source costs a resize of pixels already in memory, not a second decode.
 */
export async function shrinkPreview(pixels: PreviewPixels, size: Size): Promise<PreviewPixels> {
  const { data, info } = await sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: pixels.channels } })
    // lanczos3, as loadPreview's resize: a linear resample of the fine preview lost 2 of bench:quality's 33 faces of 4–8 %.
    .resize(size.width, size.height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: pixels.channels };
}

/**
 * Decodes the source at most `maxSide` pixels on its long side, EXIF-oriented, as RGB or RGBA.
 * JPEG shrink-on-load makes this a fraction of a full decode. Of an animation, one frame (the first unless `frame` names another).
 * @throws unsupported_image when decoding fails
 */
export async function loadPreview(
  input: ImageInput,
  source: SourceInfo,
  options: { maxSide: number; channels: 3 | 4; limits: ProbeLimits; deadline?: Deadline | undefined; frame?: FrameSelection | undefined },
): Promise<PreviewPixels> {
  const { width, height } = previewSize(source, options.maxSide);
  try {
    // Detectors do not see a level's difference, and an sRGB profile's conversion costs more than the
    // decode (sample1's 896 px preview: 61 → 21 ms).
    const decode = decodeOptionsFor(source, options.limits, options.frame, 'preview');
    let pipeline = withTimeout(sharp(input, decode), options.deadline).autoOrient().resize(width, height, { fit: 'fill' });
    // Transparent areas are flattened on white so detectors see what a page would show.
    pipeline = options.channels === 3 ? pipeline.flatten({ background: '#ffffff' }).removeAlpha() : pipeline.ensureAlpha();
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: options.channels };
  } catch (cause) {
    throw decodeError(cause);
  }
}
