import { isUpright, UPRIGHT, type Orientation } from '../geometry/orientation.js';
import { DEFAULT_CONTAIN_BACKGROUND, rgba, type Operations } from '../params/operations.js';
import { outputPadding, type TransformSpec } from '../params/transform-spec.js';
import type { OutputFormat } from '../params/vocabulary.js';
import { markStep, type MarkStep } from './mark-layer.js';

/** A colour as sharp takes it. */
export interface Colour {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly alpha: number;
}

/** Borders added after the resize, in output pixels. */
export interface Borders {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** A spec's orientation, filter and canvas steps in output pixels and sharp's colours: what the engine executes. */
export interface RenderOperations {
  /** The right-angle part of `rot` with `flip`: gravity and windows refer to the image it gives. */
  readonly orientation: Orientation;
  /** Any other angle: the rendered image turned clockwise, its canvas grown, the corners `background`. */
  readonly angle: number;
  readonly trim: number | undefined;
  readonly blur: number | undefined;
  readonly sharpen: number | undefined;
  /** Fill of contain, padding and rotated corners. */
  readonly background: Colour;
  /** Set when the output has no alpha and `bg` was given: transparent pixels are laid on it. */
  readonly flatten: Colour | undefined;
  readonly pad: Borders | undefined;
  readonly upscale: boolean;
  /** A watermark drawn over the finished output. */
  readonly mark: MarkStep | undefined;
}

export const PLAIN_OPERATIONS: RenderOperations = Object.freeze({
  orientation: UPRIGHT,
  angle: 0,
  trim: undefined,
  blur: undefined,
  sharpen: undefined,
  background: rgba(DEFAULT_CONTAIN_BACKGROUND),
  flatten: undefined,
  pad: undefined,
  upscale: true,
  mark: undefined,
});

/** The orientation `rot` (right angles only) and `flip` ask for. */
export function orientationOf(operations: Pick<Operations, 'rotate' | 'flip'>): Orientation {
  const quarter = operations.rotate % 90 === 0 ? ((operations.rotate / 90) as Orientation['quarter']) : 0;
  const flip = operations.flip === 'v' || operations.flip === 'hv';
  const flop = operations.flip === 'h' || operations.flip === 'hv';
  return quarter === 0 && !flip && !flop ? UPRIGHT : { quarter, flip, flop };
}

const ALPHA_FORMATS: readonly OutputFormat[] = ['png', 'webp', 'avif', 'gif'];

/** The engine's steps for a spec rendered to `format`. */
export function renderOperations(spec: TransformSpec, format: OutputFormat): RenderOperations {
  const ops = spec.operations;
  const background = rgba(ops.background ?? DEFAULT_CONTAIN_BACKGROUND);
  const orientation = orientationOf(ops);
  return {
    orientation: isUpright(orientation) ? UPRIGHT : orientation,
    angle: ops.rotate % 90 === 0 ? 0 : ops.rotate,
    trim: ops.trim,
    blur: ops.blur,
    sharpen: ops.sharpen,
    background,
    flatten: ops.background !== undefined && !ALPHA_FORMATS.includes(format) ? { ...background, alpha: 1 } : undefined,
    pad: outputPadding(spec),
    upscale: ops.upscale,
    mark: ops.mark === undefined ? undefined : markStep(ops.mark, spec.dpr),
  };
}

/** True when the operations change nothing beyond sizing and cropping. */
export function isPlain(operations: RenderOperations): boolean {
  const { orientation, angle, trim, blur, sharpen, flatten, pad, mark } = operations;
  const filtered = trim !== undefined || blur !== undefined || sharpen !== undefined || flatten !== undefined;
  return isUpright(orientation) && angle === 0 && !filtered && pad === undefined && mark === undefined;
}
