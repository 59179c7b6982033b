import sharp, { type OutputInfo, type Sharp } from 'sharp';
import { clamp, type Rect, type Size } from '../geometry/types.js';
import type { OutputFormat } from '../params/vocabulary.js';
import { applyEncoder } from './encode-options.js';
import { locateSize, needsBoundedCrop } from './bounded-crop.js';
import { openSource, withTimeout, type OpenSourceRequest } from './open-source.js';
import { planRender, type RenderPlan, type ShapePlan } from './plan-render.js';
import { decodeError, decodeOptions } from './source-info.js';

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

/** Runs a plan's resize, extract and extend on the decoded source. */
function applyPlan(pipeline: Sharp, plan: RenderPlan): Sharp {
  const { cut, resize, extract, extend } = plan;
  // extract() before resize() is sharp's pre-resize extract.
  let shaped = cut === undefined ? pipeline : pipeline.extract({ left: cut.x, top: cut.y, width: cut.width, height: cut.height });
  if (resize !== null) {
    const options = resize.position === undefined ? { fit: resize.fit } : { fit: resize.fit, position: sharp.strategy[resize.position] };
    shaped = shaped.resize(resize.width, resize.height, options);
  }
  if (extract !== null) shaped = shaped.extract({ left: extract.x, top: extract.y, width: extract.width, height: extract.height });
  return extend === null ? shaped : shaped.extend(extend);
}

/** The source window libvips cut for a cover resize, from the offsets it reports in output pixels. */
function libvipsWindow(source: Size, output: Size, info: OutputInfo): Rect {
  const scale = Math.max(output.width / source.width, output.height / source.height);
  const width = Math.min(source.width, Math.max(1, Math.round(output.width / scale)));
  const height = Math.min(source.height, Math.max(1, Math.round(output.height / scale)));
  const x = clamp(Math.round(Math.abs(info.cropOffsetLeft ?? 0) / scale), 0, source.width - width);
  const y = clamp(Math.round(Math.abs(info.cropOffsetTop ?? 0) / scale), 0, source.height - height);
  return { x, y, width, height };
}

/**
 * A libvips strategy on a bounded crop (bounded-crop.ts) picks its window on a copy no larger than the
 * source or the output (locateSize), and the render then cuts that window from the source: the huge
 * whole-source intermediate is never made. Any other shape is returned as it is.
 */
async function boundedShape(request: RenderImageRequest): Promise<ShapePlan> {
  const { shape, source } = request;
  if (shape.kind !== 'crop' || shape.decision.kind !== 'sharp' || !needsBoundedCrop(source, shape.output)) return shape;
  const small = locateSize(source, shape.output);
  const { info } = await withTimeout(sharp(request.input, decodeOptions(request.limits)), request.deadline)
    .autoOrient()
    .resize(small.width, small.height, { fit: 'cover', position: sharp.strategy[shape.decision.strategy] })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { ...shape, decision: { kind: 'window', window: libvipsWindow(source, small, info) } };
}

// libvips' attentionX/Y are in its shrink-on-load coordinates, not documented as stable, so only the window is read back.
function outputWindow(request: RenderImageRequest, shape: ShapePlan, info: OutputInfo): Rect {
  const { source } = request;
  if (shape.kind === 'resize') return { x: 0, y: 0, width: source.width, height: source.height };
  if (shape.decision.kind === 'window') return shape.decision.window;
  return libvipsWindow(source, shape.output, info);
}

/**
 * Renders one output image: executes planRender's plan (decode, EXIF-oriented, directly or through the
 * source's intermediate → resize → extract → extend) and encodes, one sharp pipeline after the decode.
 * @throws unsupported_image when the source cannot be decoded
 */
export async function renderImage(request: RenderImageRequest): Promise<RenderedImage> {
  try {
    const shape = await boundedShape(request);
    const plan = planRender(request.source, shape, request.decoded !== undefined);
    const decoded = await openSource(request, plan.decode);
    const pipeline = applyEncoder(applyPlan(decoded, plan), request.format, request.quality);
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    return { data, format: request.format, width: info.width, height: info.height, window: outputWindow(request, shape, info) };
  } catch (cause) {
    throw decodeError(cause);
  }
}
