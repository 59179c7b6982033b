import sharp, { type OutputInfo, type Sharp } from 'sharp';
import { clamp, type Rect, type Size } from '../geometry/types.js';
import type { Fit, OutputFormat } from '../params/vocabulary.js';
import { resizedSize, type ResizeCall } from './decode-plan.js';
import { applyEncoder } from './encode-options.js';
import { decodePlanFor, openSource, type OpenSourceRequest } from './open-source.js';
import { decodeError } from './source-info.js';

/**
 * Where a cover crop's window comes from: one chosen before rendering (source pixels), or the one libvips
 * picks while it resizes. gravity/'s decisions have this shape.
 */
export type CropWindow =
  | { readonly kind: 'window'; readonly window: Rect }
  | { readonly kind: 'sharp'; readonly strategy: 'attention' | 'entropy' };

/** How the output is shaped: a crop of a window, a plain resize, or the source size. */
export type ShapePlan =
  | { readonly kind: 'crop'; readonly output: Size; readonly decision: CropWindow }
  | { readonly kind: 'resize'; readonly width: number | undefined; readonly height: number | undefined; readonly fit: Fit };

export interface RenderImageRequest extends OpenSourceRequest {
  readonly shape: ShapePlan;
  readonly format: OutputFormat;
  readonly quality: number | undefined;
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
 * Where `window` lands when the whole source is resized so that it maps onto `output`. A crop resizes
 * the whole image first and extracts the scaled window after: extracting first would defeat JPEG
 * shrink-on-load (about twice the time for a 1920 px JPEG).
 */
function cropScale(source: Size, window: Rect, output: Size): Rect {
  const sx = output.width / window.width;
  const sy = output.height / window.height;
  const width = Math.max(output.width, Math.round(source.width * sx));
  const height = Math.max(output.height, Math.round(source.height * sy));
  const x = clamp(Math.round(window.x * sx), 0, width - output.width);
  const y = clamp(Math.round(window.y * sy), 0, height - output.height);
  return { x, y, width, height };
}

/** The one resize a shape needs, as it is called on sharp; null when the output is the source's size. */
function shapeResize(shape: ShapePlan, source: Size): ResizeCall | null {
  if (shape.kind === 'resize') {
    if (shape.width === undefined && shape.height === undefined) return null;
    // One side alone keeps the aspect ratio (SPEC §1); sharp's `fill` would keep the source's other side instead.
    const fit = shape.width === undefined || shape.height === undefined ? 'inside' : shape.fit;
    return { width: shape.width ?? null, height: shape.height ?? null, fit };
  }
  if (shape.decision.kind === 'window') {
    const scaled = cropScale(source, shape.decision.window, shape.output);
    return { width: scaled.width, height: scaled.height, fit: 'fill' };
  }
  return { width: shape.output.width, height: shape.output.height, fit: 'cover' };
}

/**
 * A plain resize from the intermediate at the size sharp gives the whole source: left to its fit, sharp
 * would size it from the intermediate's whole-pixel sides and could round the aspect a pixel apart.
 */
function resizeAsSource(pipeline: Sharp, source: Size, resize: ResizeCall): Sharp {
  const size = resizedSize(source, resize);
  const resized = pipeline.resize(size.width, size.height, { fit: 'fill' });
  if (resize.fit !== 'contain' || resize.width === null || resize.height === null) return resized;
  if (size.width === resize.width && size.height === resize.height) return resized;
  // sharp's contain embeds centred (rounding down) on opaque black, which extend's default background is too.
  const [left, top] = [Math.floor((resize.width - size.width) / 2), Math.floor((resize.height - size.height) / 2)];
  return resized.extend({ left, top, right: resize.width - size.width - left, bottom: resize.height - size.height - top });
}

/** Applies `shape` given its one resize (from shapeResize, computed once per render). */
function shapePipeline(pipeline: Sharp, shape: ShapePlan, source: Size, resize: ResizeCall | null, fromIntermediate: boolean): Sharp {
  if (resize === null) return pipeline;
  if (shape.kind === 'resize') {
    const pinned = fromIntermediate && resize.fit !== 'fill';
    return pinned ? resizeAsSource(pipeline, source, resize) : pipeline.resize(resize.width, resize.height, { fit: resize.fit });
  }
  if (shape.decision.kind === 'window') {
    const scaled = cropScale(source, shape.decision.window, shape.output);
    return pipeline
      .resize(scaled.width, scaled.height, { fit: 'fill' })
      .extract({ left: scaled.x, top: scaled.y, width: shape.output.width, height: shape.output.height });
  }
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
 * Renders one output image: decode (EXIF-oriented; through the source's intermediate when decode-plan.ts
 * says so) → shape → encode, one sharp pipeline after the decode.
 * @throws unsupported_image when the source cannot be decoded
 */
export async function renderImage(request: RenderImageRequest): Promise<RenderedImage> {
  try {
    const resize = shapeResize(request.shape, request.source);
    const plan = decodePlanFor(request, resize);
    const decoded = await openSource(request, plan);
    const shaped = shapePipeline(decoded, request.shape, request.source, resize, plan.kind === 'intermediate');
    const pipeline = applyEncoder(shaped, request.format, request.quality);
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    return { data, format: request.format, width: info.width, height: info.height, window: outputWindow(request, info) };
  } catch (cause) {
    throw decodeError(cause);
  }
}
