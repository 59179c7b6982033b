import sharp, { type OutputInfo, type Sharp } from 'sharp';
import { clamp, type Rect, type Size } from '../geometry/types.js';
import type { PlannedDecision } from '../gravity/crop-decision.js';
import type { Fit, OutputFormat } from '../params/vocabulary.js';
import { applyEncoder } from './encode-options.js';
import { decodeError, decodeOptions, type ImageInput, type ProbeLimits, type SourceInfo } from './source-info.js';

/** How the output is shaped: a crop of a window, a plain resize, or the source size. */
export type ShapePlan =
  | { readonly kind: 'crop'; readonly output: Size; readonly decision: PlannedDecision }
  | { readonly kind: 'resize'; readonly width: number | undefined; readonly height: number | undefined; readonly fit: Fit };

export interface RenderImageRequest {
  readonly input: ImageInput;
  readonly source: SourceInfo;
  readonly shape: ShapePlan;
  readonly format: OutputFormat;
  readonly quality: number | undefined;
  readonly limits: ProbeLimits;
}

export interface RenderedImage {
  readonly data: Buffer;
  readonly format: OutputFormat;
  readonly width: number;
  readonly height: number;
  /** The source window the output shows, in source pixels. */
  readonly window: Rect;
}

/**
 * Cuts `window` out of the source at `output` size. Resizes the whole image first and
 * extracts the scaled window after: extracting first would defeat JPEG shrink-on-load
 * (about twice the time for a 1920 px JPEG).
 */
function cropWindow(pipeline: Sharp, source: Size, window: Rect, output: Size): Sharp {
  const sx = output.width / window.width;
  const sy = output.height / window.height;
  const scaledWidth = Math.max(output.width, Math.round(source.width * sx));
  const scaledHeight = Math.max(output.height, Math.round(source.height * sy));
  const left = clamp(Math.round(window.x * sx), 0, scaledWidth - output.width);
  const top = clamp(Math.round(window.y * sy), 0, scaledHeight - output.height);
  return pipeline
    .resize(scaledWidth, scaledHeight, { fit: 'fill' })
    .extract({ left, top, width: output.width, height: output.height });
}

function shapePipeline(pipeline: Sharp, request: RenderImageRequest): Sharp {
  const { shape, source } = request;
  if (shape.kind === 'resize') {
    if (shape.width === undefined && shape.height === undefined) return pipeline;
    // One side alone keeps the aspect ratio (SPEC §1); sharp's `fill` would keep the source's other side instead.
    const fit = shape.width === undefined || shape.height === undefined ? 'inside' : shape.fit;
    return pipeline.resize(shape.width ?? null, shape.height ?? null, { fit });
  }
  if (shape.decision.kind === 'window') return cropWindow(pipeline, source, shape.decision.window, shape.output);
  return pipeline.resize(shape.output.width, shape.output.height, {
    fit: 'cover',
    position: shape.decision.strategy === 'attention' ? sharp.strategy.attention : sharp.strategy.entropy,
  });
}

/** The source window libvips cut for a cover resize, from the offsets it reports in output pixels. */
function libvipsWindow(source: Size, output: Size, info: OutputInfo): Rect {
  const scale = Math.max(output.width / source.width, output.height / source.height);
  const width = Math.min(source.width, Math.round(output.width / scale));
  const height = Math.min(source.height, Math.round(output.height / scale));
  const x = clamp(Math.round(Math.abs(info.cropOffsetLeft ?? 0) / scale), 0, source.width - width);
  const y = clamp(Math.round(Math.abs(info.cropOffsetTop ?? 0) / scale), 0, source.height - height);
  return { x, y, width, height };
}

// libvips' attentionX/Y are in its shrink-on-load coordinates, not documented as stable, so only the window is read back.
function outputWindow(request: RenderImageRequest, info: OutputInfo): Rect {
  const { shape, source } = request;
  if (shape.kind === 'resize') return { x: 0, y: 0, width: source.width, height: source.height };
  if (shape.decision.kind === 'window') return shape.decision.window;
  return libvipsWindow(source, shape.output, info);
}

/**
 * Renders one output image with a single sharp pipeline: decode (EXIF-oriented) → shape → encode.
 * @throws unsupported_image when the source cannot be decoded
 */
export async function renderImage(request: RenderImageRequest): Promise<RenderedImage> {
  try {
    const decoded = sharp(request.input, decodeOptions(request.limits)).autoOrient();
    const pipeline = applyEncoder(shapePipeline(decoded, request), request.format, request.quality);
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    return { data, format: request.format, width: info.width, height: info.height, window: outputWindow(request, info) };
  } catch (cause) {
    throw decodeError(cause);
  }
}
