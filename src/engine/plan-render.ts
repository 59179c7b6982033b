import type { Compass } from '../geometry/compass-window.js';
import { inverseOrientation, isUpright, UPRIGHT, orientRect, orientSize, swapsSides, type Orientation } from '../geometry/orientation.js';
import { clamp, type Rect, type Size } from '../geometry/types.js';
import type { Fit } from '../params/vocabulary.js';
import { DIRECT_PLAN, planDecode, resizedSize, type DecodePlan, type ResizeCall } from './decode-plan.js';
import { PLAIN_OPERATIONS, type Borders, type Colour, type RenderOperations } from './render-operations.js';
import type { SourceInfo } from './source-info.js';
import { needsBoundedCrop } from './bounded-crop.js';

export type { Borders } from './render-operations.js';

/**
 * Where a cover crop's window comes from: one chosen before rendering (pixels of the oriented source), or
 * the one libvips picks while it resizes (a strategy, or a compass position after a trim).
 * gravity/'s decisions have this shape.
 */
export type CropWindow =
  | {
      readonly kind: 'window';
      readonly window: Rect;
      /** Set when the window is this compass position's cover crop of the whole source: libvips may cut it itself. */
      readonly compass?: Compass | undefined;
    }
  | { readonly kind: 'sharp'; readonly strategy: 'attention' | 'entropy' | Compass };

/** How the output is shaped: a crop of a window, a plain resize, or the source size. */
export type ShapePlan =
  | { readonly kind: 'crop'; readonly output: Size; readonly decision: CropWindow }
  | { readonly kind: 'resize'; readonly width: number | undefined; readonly height: number | undefined; readonly fit: Fit };

/** The one sharp `resize()` of a render, with libvips' crop strategy when libvips picks the window. */
export interface PlannedResize extends ResizeCall {
  readonly position?: 'attention' | 'entropy' | Compass;
  /** `upscale=0`: never larger than the source. */
  readonly withoutEnlargement?: true;
  /** The fill of a `contain` embed. */
  readonly background?: Colour;
}

/** The right-angle orientation, applied before the resize (all sizes in oriented pixels) or after it. */
export interface PlannedOrientation extends Orientation {
  readonly before: boolean;
}

/**
 * Every sharp step of one render, in the order sharp applies them: decode (directly or through the
 * source's intermediate), orientation when it must come first, trim, an extract before the resize, one
 * flatten, one resize, orientation after it, a turn by any other angle, one extract, one extend, blur,
 * sharpen. render-image.ts executes it as is, in one pipeline.
 */
export interface RenderPlan {
  readonly decode: DecodePlan;
  readonly orient: PlannedOrientation | null;
  readonly trim: number | null;
  /**
   * The window cut from the source before the resize, in source pixels: on a bounded crop (bounded-crop.ts),
   * where scaling the whole source first would make a huge intermediate, and when a turn by an angle that
   * is not a right angle follows (sharp turns before its post-resize extract). Null otherwise.
   */
  readonly cut: Rect | null;
  readonly flatten: Colour | null;
  /** Null when the output is the source's size. */
  readonly resize: PlannedResize | null;
  /** A turn by an angle that is not a right angle, after the resize, corners filled. */
  readonly rotate: { readonly angle: number; readonly background: Colour } | null;
  /** The window cut from the resized (and oriented) image, in its pixels. */
  readonly extract: Rect | null;
  /** Borders that centre a `contain` fit when sharp's own embed cannot be used, plus `pad`. */
  readonly extend: (Borders & { readonly background: Colour }) | null;
  readonly blur: number | null;
  readonly sharpen: number | null;
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
 * How this render decodes: through the source's intermediate when a cache is given and decode-plan.ts
 * takes the source and size, else directly. A function of the source, the size and whether a cache is
 * given — never of what the cache holds — so the bytes are the same cached or not.
 */
export function planDecodeFor(source: SourceInfo, resize: ResizeCall | null, cached: boolean): DecodePlan {
  return cached ? planDecode(source, resize) : DIRECT_PLAN;
}

/**
 * A plain resize from the intermediate at the size sharp gives the whole source: left to its fit, sharp
 * would size it from the intermediate's whole-pixel sides and could round the aspect a pixel apart.
 */
function resizeAsSource(source: Size, resize: ResizeCall, orientation: Orientation = UPRIGHT): { resize: PlannedResize; extend: Borders | null } {
  const size = resizedSize(source, resize);
  const fill: PlannedResize = { width: size.width, height: size.height, fit: 'fill' };
  if (resize.fit !== 'contain' || resize.width === null || resize.height === null) return { resize: fill, extend: null };
  // The borders go on after any turn, so they centre the turned image in the turned box.
  const image = orientSize(size, orientation);
  const box = orientSize({ width: resize.width, height: resize.height }, orientation);
  if (image.width === box.width && image.height === box.height) return { resize: fill, extend: null };
  // sharp's contain embeds centred (rounding down), as these borders do.
  const [left, top] = [Math.floor((box.width - image.width) / 2), Math.floor((box.height - image.height) / 2)];
  return { resize: fill, extend: { left, top, right: box.width - image.width - left, bottom: box.height - image.height - top } };
}

/** The core of a plan: decode, resize, extract and the contain borders, all in one frame (oriented when `before`). */
interface CorePlan {
  readonly decode: DecodePlan;
  readonly resize: PlannedResize | null;
  readonly extract: Rect | null;
  readonly extend: Borders | null;
  readonly cut: Rect | null;
}

function swapCall(call: ResizeCall): ResizeCall {
  return { ...call, width: call.height, height: call.width };
}

/**
 * Whether the orientation must be applied before the resize. After is faster (JPEG shrink-on-load, and
 * fewer pixels to turn), but sharp embeds (contain) and lets libvips crop with the resize's own width and
 * height, which a later quarter turn would swap; a trim also needs the oriented image.
 */
function orientsBefore(shape: ShapePlan, ops: RenderOperations): boolean {
  if (isUpright(ops.orientation)) return false;
  if (ops.trim !== undefined) return true;
  if (!swapsSides(ops.orientation)) return false;
  if (shape.kind === 'resize') return shape.fit === 'contain' && shape.width !== undefined && shape.height !== undefined;
  return shape.decision.kind === 'sharp';
}

/** The core plan when everything happens in one frame (no orientation, or orientation first). */
function planInFrame(source: SourceInfo, frame: Size, shape: ShapePlan, cached: boolean): CorePlan {
  const call = shapeResize(shape, frame);
  const decode = cached ? planDecodeFor(source, call, cached) : DIRECT_PLAN;
  const none = { cut: null, extract: null, extend: null };
  if (call === null) return { decode, resize: null, ...none };
  if (shape.kind === 'resize') {
    const pinned = decode.kind === 'intermediate' && call.fit !== 'fill';
    return pinned ? { decode, ...none, ...resizeAsSource(source, call) } : { decode, resize: call, ...none };
  }
  if (shape.decision.kind === 'window') {
    if (needsBoundedCrop(frame, shape.output)) {
      return { decode: DIRECT_PLAN, cut: shape.decision.window, resize: { ...shape.output, fit: 'fill' }, extract: null, extend: null };
    }
    const scaled = cropScale(frame, shape.decision.window, shape.output);
    const extract = { x: scaled.x, y: scaled.y, width: shape.output.width, height: shape.output.height };
    return { decode, resize: call, cut: null, extract, extend: null };
  }
  return { decode, resize: { ...call, position: shape.decision.strategy }, ...none };
}

/**
 * The core plan with the orientation applied after the resize: sizes are planned on the oriented image,
 * the resize is called with the sides it has before the turn, and the window is cut after it.
 */
function planOrientedAfter(source: SourceInfo, shape: ShapePlan, ops: RenderOperations, cached: boolean): CorePlan {
  const { orientation } = ops;
  const oriented = orientSize(source, orientation);
  const swap = (call: ResizeCall | null) => (call !== null && swapsSides(orientation) ? swapCall(call) : call);
  if (shape.kind === 'resize' || shape.decision.kind === 'sharp') {
    const core = planInFrame(source, oriented, shape, false);
    const resize = core.resize === null ? null : { ...core.resize, ...swap(core.resize) };
    const decode = planDecodeFor(source, swap(shapeResize(shape, oriented)), cached);
    if (decode.kind === 'intermediate' && shape.kind === 'resize' && resize !== null && resize.fit !== 'fill') {
      return { decode, ...resizeAsSource(source, resize, orientation), extract: null, cut: null };
    }
    return { ...core, decode, resize };
  }
  const scaled = cropScale(oriented, shape.decision.window, shape.output);
  const call = swap({ width: scaled.width, height: scaled.height, fit: 'fill' })!;
  const decode = planDecodeFor(source, call, cached);
  const extract = { x: scaled.x, y: scaled.y, width: shape.output.width, height: shape.output.height };
  return { decode, resize: call, extract, extend: null, cut: null };
}

/**
 * A window cut from the source before the resize (a bounded crop, or a turn by another angle after it):
 * the window, chosen on the oriented image, is mapped back onto the source, and the resize has the sides
 * the output has before the turn.
 */
function planCut(source: SourceInfo, shape: ShapePlan & { kind: 'crop' }, window: Rect, ops: RenderOperations): CorePlan {
  const { orientation } = ops;
  const oriented = orientSize(source, orientation);
  const cut = orientRect(window, oriented, inverseOrientation(orientation));
  const sides = swapsSides(orientation) ? { width: shape.output.height, height: shape.output.width } : shape.output;
  return { decode: DIRECT_PLAN, cut, resize: { ...sides, fit: 'fill' }, extract: null, extend: null };
}

/**
 * A turn by another angle comes before sharp's post-resize extract, so a chosen window is cut from the source
 * first, which costs JPEG shrink-on-load (1.85× raw sharp for rot=30 on a 1920 px JPEG). A compass window is
 * exactly what libvips' own cover crop cuts while it resizes, so that crop is left to libvips, as raw sharp does.
 */
function placedByLibvips(shape: ShapePlan, oriented: Size, ops: RenderOperations): ShapePlan {
  if (shape.kind !== 'crop' || shape.decision.kind !== 'window' || shape.decision.compass === undefined) return shape;
  if (ops.angle === 0 || needsBoundedCrop(oriented, shape.output)) return shape;
  return { ...shape, decision: { kind: 'sharp', strategy: shape.decision.compass } };
}

function sumBorders(a: Borders | null, b: Borders | undefined): Borders | null {
  if (b === undefined) return a;
  if (a === null) return b;
  return { left: a.left + b.left, top: a.top + b.top, right: a.right + b.right, bottom: a.bottom + b.bottom };
}

/**
 * Plans one render from the source's header, the output's shape and the operations alone (pure). A libvips
 * strategy on a bounded crop is planned as given: render-image.ts first turns it into a window (boundedShape).
 * Windows and sizes in `shape` are in pixels of the oriented source (EXIF, then `rot`/`flip`).
 * `cached` says whether a decoded-source cache is given (intermediates only pay off when reused).
 */
export function planRender(source: SourceInfo, planned: ShapePlan, cached: boolean, ops: RenderOperations = PLAIN_OPERATIONS): RenderPlan {
  const shape = placedByLibvips(planned, orientSize(source, ops.orientation), ops);
  const before = orientsBefore(shape, ops);
  const upright = isUpright(ops.orientation);
  // Steps that need the whole decoded source, or sizes in its oriented frame, decode directly.
  const direct = before || ops.trim !== undefined;
  const oriented = orientSize(source, ops.orientation);
  const window = shape.kind === 'crop' && shape.decision.kind === 'window' ? shape.decision.window : null;
  const cuts = shape.kind === 'crop' && window !== null && !before && (ops.angle !== 0 || needsBoundedCrop(oriented, shape.output));
  let core: CorePlan;
  if (cuts && shape.kind === 'crop' && window !== null) core = planCut(source, shape, window, ops);
  else if (upright || before) core = planInFrame(source, oriented, shape, cached && !direct);
  else core = planOrientedAfter(source, shape, ops, cached && !direct);
  let resize = core.resize;
  if (resize !== null && !ops.upscale && shape.kind === 'resize') resize = { ...resize, withoutEnlargement: true };
  if (resize !== null && resize.fit === 'contain') resize = { ...resize, background: ops.background };
  const extend = sumBorders(core.extend, ops.pad);
  return {
    decode: core.decode,
    orient: upright ? null : { ...ops.orientation, before },
    trim: ops.trim ?? null,
    cut: core.cut,
    flatten: ops.flatten ?? null,
    resize,
    rotate: ops.angle === 0 ? null : { angle: ops.angle, background: ops.background },
    extract: core.extract,
    extend: extend === null ? null : { ...extend, background: ops.background },
    blur: ops.blur ?? null,
    sharpen: ops.sharpen ?? null,
  };
}
