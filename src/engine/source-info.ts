import { stat } from 'node:fs/promises';
import sharp, { type Metadata, type SharpOptions } from 'sharp';
import { AppError } from '../errors/app-error.js';
import { DEFAULT_MAX_INPUT_PIXELS, type ProbeLimits } from '../config/limits.js';
import { structureProblem } from './image-structure.js';
import { isSrgbProfile } from './icc-profile.js';

/** What the header says about an image, with width/height after EXIF orientation. */
export interface SourceInfo {
  readonly format: InputFormat;
  readonly width: number;
  readonly height: number;
  readonly hasAlpha: boolean;
  readonly orientation: number;
  /** Bands as stored (CMYK 4, grey 1), libvips' sample format (`uchar` is 8-bit) and colour space (`srgb`, `cmyk`, `b-w`…). */
  readonly channels: number;
  readonly depth: string;
  readonly space: string;
  /** Frames of an animated GIF or WebP (their width/height are one frame's); 1 for any other image. */
  readonly pages: number;
  /**
   * What libvips' conversion to sRGB through the embedded ICC profile does to 8-bit pixels: `identity` for
   * libvips' own sRGB profile, byte for byte; `near-identity` for another sRGB profile (see icc-profile.ts), which
   * moves no colour by more than a level (HP's, in most camera JPEGs, moves the red of saturated cyans by 1);
   * `changes` for any other profile, for none (nothing to skip), and for any source that is not 8-bit sRGB
   * (for a deeper one the conversion is also what brings it to 8 bits; on CMYK or grey an RGB profile is not used).
   */
  readonly iccToSrgb: IccToSrgb;
}

export type IccToSrgb = 'identity' | 'near-identity' | 'changes';

/** Which frames a pipeline decodes: the first (sharp's default), one by index from 0, or every frame as one tall image. */
export type FrameSelection = { readonly kind: 'page'; readonly page: number } | { readonly kind: 'all' };

/** True for a source with more than one frame. */
export function isAnimated(source: Pick<SourceInfo, 'pages'>): boolean {
  return source.pages > 1;
}

export const INPUT_FORMATS = ['jpeg', 'png', 'webp', 'avif', 'gif', 'tiff'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

export type ImageInput = Buffer | string;

async function isReadableFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function inputFormat(metadata: Metadata): InputFormat | null {
  if (metadata.format === 'heif') return metadata.compression === 'av1' ? 'avif' : null;
  const name: string = metadata.format;
  return (INPUT_FORMATS as readonly string[]).includes(name) ? (name as InputFormat) : null;
}

/**
 * Reads the image header only (no pixel decoding) and checks the pixel limit.
 * @throws unsupported_image when the bytes are not an accepted image; image_too_large over the limit
 */
export async function probeImage(input: ImageInput, limits: ProbeLimits = { maxInputPixels: DEFAULT_MAX_INPUT_PIXELS }): Promise<SourceInfo> {
  let metadata: Metadata;
  try {
    metadata = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (cause) {
    // libvips reports a missing path as a generic input error; say plainly what is wrong.
    if (typeof input === 'string' && !(await isReadableFile(input))) {
      throw new AppError('not_found', `No readable file at ${input}`, { cause });
    }
    throw new AppError('unsupported_image', 'The input is not a readable image (accepted: JPEG, PNG, WebP, AVIF, GIF, TIFF)', { cause });
  }
  const format = inputFormat(metadata);
  if (format === null) {
    throw new AppError('unsupported_image', `Images of type ${metadata.format ?? 'unknown'} are not accepted (accepted: JPEG, PNG, WebP, AVIF, GIF, TIFF)`);
  }
  const { width, height } = metadata.autoOrient;
  if (!(width > 0 && height > 0)) throw new AppError('unsupported_image', 'The image header declares no size');
  if (width * height > limits.maxInputPixels) {
    throw new AppError(
      'image_too_large',
      `The image is ${width}×${height} (${Math.round((width * height) / 1e6)} MP); the limit is ${Math.round(limits.maxInputPixels / 1e6)} MP`,
    );
  }
  return Object.freeze({
    format,
    width,
    height,
    hasAlpha: metadata.hasAlpha,
    orientation: metadata.orientation ?? 1,
    channels: metadata.channels,
    depth: metadata.depth,
    space: metadata.space,
    // TIFF and HEIF pages are not frames of one animation: only GIF and WebP animate.
    pages: format === 'gif' || format === 'webp' ? Math.max(1, metadata.pages ?? 1) : 1,
    iccToSrgb: metadata.depth === 'uchar' && metadata.space === 'srgb' ? await iccToSrgb(metadata.icc) : 'changes',
  });
}

async function iccToSrgb(icc: Buffer | undefined): Promise<IccToSrgb> {
  if (icc === undefined || !isSrgbProfile(icc)) return 'changes';
  return icc.equals(await libvipsSrgbProfile()) ? 'identity' : 'near-identity';
}

/**
 * Options for every decoding sharp pipeline: the pixel limit again (defence in depth), and
 * truncated or corrupt data is an error rather than a silently grey image. `frames` picks the frames of an
 * animation (the first when absent).
 */
export function decodeOptions(limits: ProbeLimits, frames?: FrameSelection): SharpOptions {
  const options: SharpOptions = { limitInputPixels: limits.maxInputPixels, failOn: 'truncated', sequentialRead: true };
  if (frames === undefined || (frames.kind === 'page' && frames.page === 0)) return options;
  return frames.kind === 'all' ? { ...options, animated: true } : { ...options, page: frames.page };
}

let builtinSrgb: Promise<Buffer> | undefined;

/** The profile libvips converts to (its built-in 'srgb'), as it embeds it: read from libvips, so an upgrade keeps it right. */
function libvipsSrgbProfile(): Promise<Buffer> {
  builtinSrgb ??= sharp({ create: { width: 1, height: 1, channels: 3, background: '#000000' } })
    .withIccProfile('srgb')
    .png()
    .toBuffer()
    .then(async (png) => (await sharp(png).metadata()).icc ?? Buffer.alloc(0))
    .catch((cause: unknown) => {
      // Not kept: the next probe asks libvips again rather than failing forever.
      builtinSrgb = undefined;
      throw cause;
    });
  return builtinSrgb;
}

/**
 * Who reads a pipeline's pixels: a render's output bytes must not change by a level; a detector's preview may.
 * The conversion to sRGB is skipped where it is (near) an identity: it costs more than the decode
 * (sample1 with libvips' profile, 1920 → 600×400 centre: 18 → 12 ms CPU, docs/benchmarks.md). The probe answers
 * `changes` for any source that is not 8-bit sRGB.
 */
export type DecodePurpose = 'render' | 'preview';

/** decodeOptions for a pipeline that decodes `source`, without libvips' conversion to sRGB where it changes nothing `purpose` cares for. */
export function decodeOptionsFor(source: SourceInfo, limits: ProbeLimits, frames: FrameSelection | undefined, purpose: DecodePurpose): SharpOptions {
  const options = decodeOptions(limits, frames);
  const skip = source.iccToSrgb === 'identity' || (purpose === 'preview' && source.iccToSrgb === 'near-identity');
  return skip ? { ...options, ignoreIcc: true } : options;
}

/**
 * Decodes the whole image once, cheaply (shrink-on-load to a thumbnail), to prove it is not
 * truncated or corrupt: a header alone says nothing about the pixels. PNG and GIF bytes are also walked
 * chunk by chunk (image-structure.ts). Used on upload.
 * @throws unsupported_image when the pixels cannot be decoded
 */
export async function assertDecodable(input: ImageInput, limits: ProbeLimits): Promise<void> {
  const problem = Buffer.isBuffer(input) ? structureProblem(input) : null;
  if (problem !== null) throw new AppError('unsupported_image', `The image could not be decoded: ${problem}`);
  try {
    // failOn 'error' (stricter than renders' 'truncated'): libpng's CRC and data errors refuse the upload.
    await sharp(input, { ...decodeOptions(limits), failOn: 'error' }).resize(64, 64, { fit: 'inside' }).raw().toBuffer();
  } catch (cause) {
    throw decodeError(cause);
  }
}

/** Wraps a libvips failure during decoding into the public error, keeping the cause. */
export function decodeError(cause: unknown): AppError {
  if (cause instanceof AppError) return cause;
  // sharp().timeout() stops libvips with "timeout: N% complete": the render's deadline, not a bad image.
  if (cause instanceof Error && cause.message.startsWith('timeout:')) return renderTimeout(cause);
  return new AppError('unsupported_image', 'The image could not be decoded; it may be truncated or corrupt', { cause });
}

/** The error of a render that ran past its deadline (RENDER_TIMEOUT_MS): the server gave up, the image is not at fault. */
export function renderTimeout(cause?: unknown): AppError {
  return new AppError('render_timeout', 'Rendering this image took longer than this server allows; try a smaller size or another gravity', {
    cause,
    details: { retryAfterSeconds: 1 },
  });
}
