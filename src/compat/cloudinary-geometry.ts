import type { NormalisedPoint } from '../geometry/normalised-point.js';
import type { Fit, Gravity } from '../params/vocabulary.js';
import { largestBox, otherSide } from './aspect-ratio.js';
import { invalidCloudinaryAction } from './cloudinary-error.js';
import { CLOUDINARY_CROP_MODES, type CloudinaryGeometry } from './cloudinary-step.js';
import type { CloudinaryLength } from './cloudinary-values.js';
import type { SourceSize, TranslationLog } from './translation.js';

/** The resize a chain of components amounts to, as one Convertly render (or a reported crop it cannot be). */
export type GeometryPlan =
  | { readonly kind: 'identity' }
  | { readonly kind: 'scale'; readonly side: 'width' | 'height'; readonly size: number }
  | {
      readonly kind: 'box';
      readonly fit: Fit;
      readonly width: number;
      readonly height: number;
      readonly gravity?: Gravity;
      readonly fp?: NormalisedPoint;
    }
  | { readonly kind: 'opaque'; readonly reason: string };

interface Context {
  readonly text: string;
  readonly log: TranslationLog;
}

const NEEDS_SOURCE = 'needs the size of its input, which the translation does not have; translate again with sourceSize.';

/** The pixel size a plan renders, when it can be known (sides kept free need the source size). */
export function planOutputSize(plan: GeometryPlan, source: SourceSize | undefined): SourceSize | undefined {
  if (plan.kind === 'box' && plan.fit !== 'inside') return { width: plan.width, height: plan.height };
  if (source === undefined || plan.kind === 'opaque') return undefined;
  if (plan.kind === 'identity') return source;
  const ratio = source.width / source.height;
  if (plan.kind === 'scale') {
    return plan.side === 'width'
      ? { width: plan.size, height: otherSide(plan.size, ratio, 'width') }
      : { width: otherSide(plan.size, ratio, 'height'), height: plan.size };
  }
  const scale = Math.min(plan.width / source.width, plan.height / source.height);
  return { width: Math.max(1, Math.round(source.width * scale)), height: Math.max(1, Math.round(source.height * scale)) };
}

function needInput(context: Context, param: string, value: string): undefined {
  context.log.needsSourceSize = true;
  context.log.unsupported.push({ param, value, reason: `${param}_${value} ${NEEDS_SOURCE}`, component: context.text });
  return undefined;
}

function length(value: CloudinaryLength | undefined, side: number | undefined, key: 'w' | 'h', context: Context): number | undefined {
  if (value === undefined || value.kind === 'pixels') return value?.value;
  if (side === undefined) return needInput(context, key, String(value.value));
  return Math.max(1, Math.round(value.value * side));
}

/** Sizes in pixels: relative lengths resolved against the input, `ar_` completing the missing side. */
function resolveSize(geometry: CloudinaryGeometry, input: SourceSize | undefined, context: Context): { width?: number; height?: number } {
  let width = length(geometry.width, input?.width, 'w', context);
  let height = length(geometry.height, input?.height, 'h', context);
  const ratio = geometry.aspectRatio;
  if (ratio === undefined) return { width, height };
  if (width !== undefined && height !== undefined) context.log.notes.push(`ar_ in "${context.text}" ignored: w_ and h_ are both given.`);
  else if (width !== undefined) height = otherSide(width, ratio, 'width');
  else if (height !== undefined) width = otherSide(height, ratio, 'height');
  else if (geometry.width !== undefined || geometry.height !== undefined) return {}; // a relative side already asked for the source size
  else if (input === undefined) {
    needInput(context, 'ar', String(ratio));
    return {};
  }
  else return largestBox(ratio, input);
  return { width, height };
}

function clampUnit(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/** The gravity or focal point a crop uses; pixel coordinates become fractions of the input. */
function resolveFocus(
  geometry: CloudinaryGeometry,
  input: SourceSize | undefined,
  context: Context,
): { gravity?: Gravity; fp?: NormalisedPoint } {
  const { gravity, x, y } = geometry;
  if (gravity?.kind !== 'xy') {
    for (const [key, value] of [['x', x], ['y', y]] as const) {
      if (value !== undefined) {
        const reason = 'Offsets from the gravity are not supported; the crop is not shifted.';
        context.log.unsupported.push({ param: key, value: String(value.value), reason, component: context.text });
      }
    }
    return gravity?.kind === 'gravity' ? { gravity: gravity.gravity } : {};
  }
  if (x === undefined || y === undefined) throw invalidCloudinaryAction(context.text, 'g', 'x_ and y_ alongside xy_center', 'xy_center');
  if (x.kind === 'ratio' && y.kind === 'ratio') return { fp: { x: clampUnit(x.value), y: clampUnit(y.value) } };
  if (input === undefined) {
    needInput(context, 'g', `xy_center,x_${x.value},y_${y.value}`);
    return {};
  }
  const fraction = (value: CloudinaryLength, side: number) => clampUnit(value.kind === 'ratio' ? value.value : value.value / side);
  return { fp: { x: fraction(x, input.width), y: fraction(y, input.height) } };
}

/** `c_crop` cuts source pixels at their scale; only the largest window of its shape is a Convertly cover crop. */
function resolveCrop(geometry: CloudinaryGeometry, input: SourceSize | undefined, context: Context): GeometryPlan {
  if (geometry.x !== undefined || geometry.y !== undefined || geometry.gravity?.kind === 'xy') {
    return {
      kind: 'opaque',
      reason: 'c_crop at x_/y_ cuts a rectangle of source pixels, which a Convertly URL cannot express; the whole image is used.',
    };
  }
  if (input === undefined) {
    context.log.needsSourceSize = true;
    return { kind: 'opaque', reason: `c_crop ${NEEDS_SOURCE}` };
  }
  const size = resolveSize(geometry, input, context);
  const width = Math.min(size.width ?? input.width, input.width);
  const height = Math.min(size.height ?? input.height, input.height);
  if (width !== input.width && height !== input.height) {
    return {
      kind: 'opaque',
      reason:
        'c_crop cuts a window smaller than the largest of its shape without resizing; ' +
        'Convertly always crops the largest window, so the whole image is used.',
    };
  }
  const gravity = geometry.gravity?.kind === 'gravity' ? { gravity: geometry.gravity.gravity } : {};
  return { kind: 'box', fit: 'cover', width, height, ...gravity };
}

/** Gravity and offsets only place a crop; where nothing is cropped Cloudinary ignores them, and so do we (aloud). */
function noteUnusedPlacement(geometry: CloudinaryGeometry, why: string, context: Context): void {
  const unused = (['g', 'x', 'y'] as const).filter((key) => (key === 'g' ? geometry.gravity : geometry[key]) !== undefined);
  if (unused.length > 0) context.log.notes.push(`${unused.map((key) => `${key}_`).join(', ')} in "${context.text}" ignored: ${why}.`);
}

/**
 * One component's resize in pixels, against the size of its input when known; undefined when it resizes nothing.
 * @throws invalid_parameter for g_xy_center without x_ and y_
 */
export function resolveCloudinaryGeometry(
  geometry: CloudinaryGeometry,
  input: SourceSize | undefined,
  context: Context,
): GeometryPlan | undefined {
  if (geometry.mode === 'crop') return resolveCrop(geometry, input, context);
  const { width, height } = resolveSize(geometry, input, context);
  if (width === undefined && height === undefined) {
    const asked = geometry.width !== undefined || geometry.height !== undefined || geometry.aspectRatio !== undefined;
    if (!asked) context.log.notes.push(`"${context.text}" sets no size, so it changes nothing.`);
    return undefined;
  }
  if (width === undefined || height === undefined) {
    noteUnusedPlacement(geometry, 'with one side given nothing is cropped', context);
    return width === undefined ? { kind: 'scale', side: 'height', size: height ?? 1 } : { kind: 'scale', side: 'width', size: width };
  }
  const { fit } = CLOUDINARY_CROP_MODES[geometry.mode];
  if (fit !== 'cover') {
    noteUnusedPlacement(geometry, `c_${geometry.mode} does not crop`, context);
    return { kind: 'box', fit, width, height };
  }
  return { kind: 'box', fit, width, height, ...resolveFocus(geometry, input, context) };
}
