import sharp, { type OutputInfo, type Sharp } from 'sharp';
import { isUpright, orientRect, orientSize, unorientSize, UPRIGHT } from '../geometry/orientation.js';
import { clamp, type Rect, type Size } from '../geometry/types.js';
import type { OutputFormat } from '../params/vocabulary.js';
import { applyEncoder } from './encode-options.js';
import { locateSize, needsBoundedCrop } from './bounded-crop.js';
import { openSource, withTimeout, type OpenSourceRequest } from './open-source.js';
import { planRender, type PlannedOrientation, type PlannedResize, type RenderPlan, type ShapePlan } from './plan-render.js';
import type { RenderOperations } from './render-operations.js';
import { markOverlay, type MarkCache, type MarkImage } from './mark-layer.js';
import { plannedOutputSize } from './output-size.js';
import { decodeError, decodeOptionsFor } from './source-info.js';

export interface RenderImageRequest extends OpenSourceRequest {
  readonly shape: ShapePlan;
  readonly format: OutputFormat;
  readonly quality: number | undefined;
  /** Orientation, filters and canvas; none when absent. */
  readonly operations?: RenderOperations | undefined;
  /** The image of `operations.mark`, and where its resized pixels are kept. */
  readonly mark?: { readonly image: MarkImage; readonly cache?: MarkCache | undefined } | undefined;
}

export interface RenderedImage {
  readonly data: Buffer;
  readonly format: OutputFormat;
  readonly width: number;
  readonly height: number;
  /** The window the output shows, in pixels of the oriented source (EXIF, then rot/flip); of every frame alike. */
  readonly window: Rect;
  /** Frames in the output: more than 1 for an animation (`height` is then one frame's). */
  readonly frames?: number | undefined;
}

function position(value: NonNullable<PlannedResize['position']>): number | string {
  return value === 'attention' || value === 'entropy' ? sharp.strategy[value] : value;
}

function orient(pipeline: Sharp, orientation: PlannedOrientation): Sharp {
  let turned = pipeline;
  if (orientation.flip) turned = turned.flip();
  if (orientation.flop) turned = turned.flop();
  return orientation.quarter === 0 ? turned : turned.rotate(orientation.quarter * 90);
}

/**
 * Runs a plan's steps on the decoded source, in one pipeline. sharp applies steps in its own fixed order
 * (orientation before a resize only when called before it, then trim, the pre-resize cut, flatten, resize,
 * orientation, another angle, extract, extend, blur, sharpen); the calls are made in that order too.
 */
function applyPlan(pipeline: Sharp, plan: RenderPlan): Sharp {
  const { cut, resize, extract, extend } = plan;
  let shaped = pipeline;
  if (plan.orient?.before === true) shaped = orient(shaped, plan.orient);
  if (plan.trim !== null) shaped = shaped.trim({ threshold: plan.trim });
  // extract() before resize() is sharp's pre-resize extract.
  if (cut !== null) shaped = shaped.extract({ left: cut.x, top: cut.y, width: cut.width, height: cut.height });
  if (plan.flatten !== null) shaped = shaped.flatten({ background: plan.flatten });
  if (resize !== null) {
    shaped = shaped.resize(resize.width, resize.height, {
      fit: resize.fit,
      ...(resize.position === undefined ? {} : { position: position(resize.position) }),
      ...(resize.withoutEnlargement === undefined ? {} : { withoutEnlargement: true }),
      ...(resize.background === undefined ? {} : { background: resize.background }),
    });
  }
  if (plan.orient?.before === false) shaped = orient(shaped, plan.orient);
  if (plan.rotate !== null) shaped = shaped.rotate(plan.rotate.angle, { background: plan.rotate.background });
  if (extract !== null) shaped = shaped.extract({ left: extract.x, top: extract.y, width: extract.width, height: extract.height });
  if (extend !== null) {
    const { left, top, right, bottom, background } = extend;
    shaped = shaped.extend({ left, top, right, bottom, background });
  }
  if (plan.blur !== null) shaped = shaped.blur(plan.blur);
  return plan.sharpen === null ? shaped : shaped.sharpen({ sigma: plan.sharpen });
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
 * A libvips strategy that cannot run in the render's own resize picks its window first, and the render then
 * cuts that window. On a bounded crop (bounded-crop.ts) it looks at a copy no larger than the source or the
 * output (locateSize), so the huge whole-source intermediate is never made. On an animation (libvips has no
 * strategy for a multi-frame image) it looks at the first frame alone, and every frame gets that window, so
 * nothing jitters. Any other shape is returned as it is.
 */
async function windowShape(request: RenderImageRequest): Promise<ShapePlan> {
  const { shape, source } = request;
  const animated = request.frames?.kind === 'all';
  if (shape.kind !== 'crop' || shape.decision.kind !== 'sharp' || !(animated || needsBoundedCrop(source, shape.output))) return shape;
  // Turned or trimmed stills keep libvips' own pick: their window lives in a frame this copy does not have.
  // An animation is at most mirrored (plan-frames.ts), which the window is mapped through.
  const orientation = request.operations?.orientation ?? UPRIGHT;
  if (!animated && (!isUpright(orientation) || request.operations?.trim !== undefined)) return shape;
  const strategy = shape.decision.strategy;
  if (strategy !== 'attention' && strategy !== 'entropy') return shape;
  const small = locateSize(source, unorientSize(shape.output, orientation));
  const { info } = await withTimeout(sharp(request.input, decodeOptionsFor(source, request.limits, undefined, 'render')), request.deadline)
    .autoOrient()
    .resize(small.width, small.height, { fit: 'cover', position: sharp.strategy[strategy] })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const window = orientRect(libvipsWindow(source, small, info), source, orientation);
  return { ...shape, decision: { kind: 'window', window } };
}

// libvips' attentionX/Y are in its shrink-on-load coordinates, not documented as stable, so only the window is read back.
function outputWindow(request: RenderImageRequest, shape: ShapePlan, info: OutputInfo): Rect {
  // After a trim the window is reported on the whole source: the trimmed size is not read back.
  const source = orientSize(request.source, request.operations?.orientation ?? UPRIGHT);
  if (shape.kind === 'resize' || request.operations?.trim !== undefined) return { x: 0, y: 0, width: source.width, height: source.height };
  if (shape.decision.kind === 'window') return shape.decision.window;
  return libvipsWindow(source, shape.output, info);
}

/**
 * Draws the mark over the shaped image: in the same pipeline when the plan knows the output's size, else
 * over the shaped pixels once libvips has made them (a second, short pipeline; its first one's info is kept,
 * since it holds libvips' crop offsets).
 */
async function withMark(request: RenderImageRequest, shape: ShapePlan, shaped: Sharp): Promise<{ pipeline: Sharp; shapedInfo?: OutputInfo }> {
  const step = request.operations?.mark;
  if (step === undefined) return { pipeline: shaped };
  if (request.mark === undefined) throw new Error('a render with a mark step needs the mark image');
  const markRequest = { ...request.mark, step, limits: request.limits, deadline: request.deadline };
  const size = plannedOutputSize(request.source, shape, request.operations!);
  if (size !== null) return { pipeline: shaped.composite([await markOverlay(markRequest, size)]) };
  const { data, info } = await shaped.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  const raw = { width: info.width, height: info.height, channels: info.channels };
  const overlay = await markOverlay(markRequest, info);
  return { pipeline: withTimeout(sharp(data, { raw }), request.deadline).composite([overlay]), shapedInfo: info };
}

/**
 * Renders one output image: executes planRender's plan (decode, EXIF-oriented, directly or through the
 * source's intermediate → resize → extract → extend) and encodes, one sharp pipeline after the decode.
 * @throws unsupported_image when the source cannot be decoded
 */
export async function renderImage(request: RenderImageRequest): Promise<RenderedImage> {
  try {
    const shape = await windowShape(request);
    const plan = planRender(request.source, shape, request.decoded !== undefined, request.operations);
    const decoded = await openSource(request, plan.decode);
    const { pipeline, shapedInfo } = await withMark(request, shape, applyPlan(decoded, plan));
    const { data, info } = await applyEncoder(pipeline, request.format, request.quality).toBuffer({ resolveWithObject: true });
    const window = outputWindow(request, shape, shapedInfo ?? info);
    // An animation comes out as its frames stacked into one tall image: report one frame's height.
    const frames = request.frames?.kind === 'all' && info.pageHeight !== undefined ? Math.round(info.height / info.pageHeight) : 1;
    return { data, format: request.format, width: info.width, height: frames > 1 ? info.pageHeight! : info.height, window, frames };
  } catch (cause) {
    throw decodeError(cause);
  }
}
