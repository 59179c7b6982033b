import { clamp, type Rect, type Size } from '../geometry/types.js';
import type { Fit } from '../params/vocabulary.js';
import { DIRECT_PLAN, planDecode, resizedSize, type DecodePlan, type ResizeCall } from './decode-plan.js';
import type { SourceInfo } from './source-info.js';
import { needsBoundedCrop } from './bounded-crop.js';

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

/** The one sharp `resize()` of a render, with libvips' crop strategy when libvips picks the window. */
export interface PlannedResize extends ResizeCall {
  readonly position?: 'attention' | 'entropy';
}

/** Borders added after the resize, in output pixels. */
export interface Borders {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/**
 * Every sharp step of one render, in the order sharp applies them: decode (directly or through the
 * source's intermediate), one resize, one extract, one extend. render-image.ts executes it as is.
 */
export interface RenderPlan {
  readonly decode: DecodePlan;
  /**
   * The window cut from the source before the resize: only on a bounded crop (bounded-crop.ts), where
   * scaling the whole source first would make a huge intermediate. Absent otherwise.
   */
  readonly cut?: Rect;
  /** Null when the output is the source's size. */
  readonly resize: PlannedResize | null;
  /** The window cut from the resized image, in resized pixels. */
  readonly extract: Rect | null;
  /** Borders that centre a `contain` fit, when sharp's own embed cannot be used. */
  readonly extend: Borders | null;
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
function resizeAsSource(source: Size, resize: ResizeCall): Pick<RenderPlan, 'resize' | 'extend'> {
  const size = resizedSize(source, resize);
  const fill: PlannedResize = { width: size.width, height: size.height, fit: 'fill' };
  if (resize.fit !== 'contain' || resize.width === null || resize.height === null) return { resize: fill, extend: null };
  if (size.width === resize.width && size.height === resize.height) return { resize: fill, extend: null };
  // sharp's contain embeds centred (rounding down) on opaque black, which extend's default background is too.
  const [left, top] = [Math.floor((resize.width - size.width) / 2), Math.floor((resize.height - size.height) / 2)];
  return { resize: fill, extend: { left, top, right: resize.width - size.width - left, bottom: resize.height - size.height - top } };
}

/**
 * Plans one render from the source's header and the output's shape alone (pure). A libvips strategy
 * on a bounded crop is planned as given: render-image.ts first turns it into a window (locateWindow).
 * `cached` says whether a decoded-source cache is given (intermediates only pay off when reused).
 */
export function planRender(source: SourceInfo, shape: ShapePlan, cached: boolean): RenderPlan {
  const call = shapeResize(shape, source);
  const decode = planDecodeFor(source, call, cached);
  if (call === null) return { decode, resize: null, extract: null, extend: null };
  if (shape.kind === 'resize') {
    const pinned = decode.kind === 'intermediate' && call.fit !== 'fill';
    return pinned ? { decode, extract: null, ...resizeAsSource(source, call) } : { decode, resize: call, extract: null, extend: null };
  }
  if (shape.decision.kind === 'window') {
    if (needsBoundedCrop(source, shape.output)) {
      const { width, height } = shape.output;
      return { decode: DIRECT_PLAN, cut: shape.decision.window, resize: { width, height, fit: 'fill' }, extract: null, extend: null };
    }
    const scaled = cropScale(source, shape.decision.window, shape.output);
    const extract = { x: scaled.x, y: scaled.y, width: shape.output.width, height: shape.output.height };
    return { decode, resize: call, extract, extend: null };
  }
  return { decode, resize: { ...call, position: shape.decision.strategy }, extract: null, extend: null };
}
