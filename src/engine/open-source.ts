import sharp, { type Sharp } from 'sharp';
import type { DecodePlan } from './decode-plan.js';
import type { DecodedSource, DecodedSourceCache } from './decoded-source-cache.js';
import { decodeOptionsFor, type FrameSelection, type ImageInput, type SourceInfo } from './source-info.js';
import type { ProbeLimits } from '../config/limits.js';
import type { Deadline } from '../shared/deadline.js';

/** Where a render may keep and find its source's decoded intermediate: the cache, and the source's name in it (its blob key). */
export interface DecodedSourceOption {
  readonly cache: DecodedSourceCache;
  readonly key: string;
}

export interface OpenSourceRequest {
  readonly input: ImageInput;
  readonly source: SourceInfo;
  readonly limits: ProbeLimits;
  /**
   * Where intermediates are kept. Without it every render is one fused pipeline (the library, the CLI,
   * a server with DECODE_CACHE_BYTES=0): the intermediate only pays off when it can be reused.
   */
  readonly decoded?: DecodedSourceOption | undefined;
  /** When the render must be done by: every libvips pipeline of it gets sharp's timeout. */
  readonly deadline?: Deadline | undefined;
  /** The frames of an animated source the render decodes; the first when absent. */
  readonly frames?: FrameSelection | undefined;
}

/** sharp's timeout for a pipeline of this request (whole seconds left), or the pipeline as is without a deadline. */
export function withTimeout(pipeline: Sharp, deadline: Deadline | undefined): Sharp {
  if (deadline === undefined) return pipeline;
  deadline.check();
  return pipeline.timeout({ seconds: deadline.sharpSeconds() });
}

async function decodeIntermediate(request: OpenSourceRequest, size: { width: number; height: number }): Promise<DecodedSource> {
  // sharp picks the shrink-on-load for this size itself: the same one as for every resize the intermediate serves.
  // Kept in the cache and shared by renders alike: the conversion to sRGB is skipped only where it is exactly the identity.
  const { data, info } = await withTimeout(sharp(request.input, decodeOptionsFor(request.source, request.limits, request.frames, 'render')), request.deadline)
    .autoOrient()
    .resize(size.width, size.height, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/**
 * The first step of a render's pipeline: the source decoded and EXIF-oriented. On an intermediate plan
 * (planDecode) the decode is materialised as the source's intermediate, found in or kept in
 * `request.decoded` when given, and the pipeline starts from those pixels instead.
 * Decoding errors are the caller's to wrap (decodeError).
 */
export async function openSource(request: OpenSourceRequest, plan: DecodePlan): Promise<Sharp> {
  if (plan.kind === 'direct') {
    return withTimeout(sharp(request.input, decodeOptionsFor(request.source, request.limits, request.frames, 'render')), request.deadline).autoOrient();
  }
  const decode = () => decodeIntermediate(request, plan);
  const { decoded } = request;
  const pixels = decoded === undefined ? await decode() : await decoded.cache.get(decoded.key, plan.shrink, decode);
  return withTimeout(sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: pixels.channels } }), request.deadline);
}
