import { otherSide } from './aspect-ratio.js';
import type { GeometryPlan } from './cloudinary-geometry.js';

type Box = Extract<GeometryPlan, { kind: 'box' }>;

/** True when a plan's output keeps the source's aspect ratio, so a later resize can replace it exactly. */
function keepsSourceShape(plan: GeometryPlan): boolean {
  return plan.kind === 'identity' || plan.kind === 'scale' || (plan.kind === 'box' && plan.fit === 'inside');
}

/** Within half a pixel: both dialects round sides to whole pixels, so this is as exact as the source gets. */
function sameShape(a: { width: number; height: number }, b: { width: number; height: number }): boolean {
  return Math.abs(b.height - (b.width * a.height) / a.width) <= 0.5 || Math.abs(b.width - (b.height * a.width) / a.height) <= 0.5;
}

function resized(plan: Box, width: number, height: number): Box {
  return { ...plan, width, height };
}

/**
 * The single plan equal to applying `next` to the output of `plan`, or the reason there is none.
 * A resize after a shape-keeping resize replaces it; a resize of a fixed-shape result only rescales it.
 */
export function composeGeometry(plan: GeometryPlan, next: GeometryPlan): GeometryPlan | string {
  if (plan.kind === 'opaque') return 'it resizes the result of a c_crop that Convertly cannot express.';
  if (next.kind === 'opaque') {
    return plan.kind === 'identity' ? next : 'c_crop cuts source pixels, which Convertly cannot do after an earlier resize.';
  }
  if (next.kind === 'identity' || keepsSourceShape(plan)) return next;
  const box = plan as Box;
  const ratio = box.width / box.height;
  if (next.kind === 'scale') {
    return next.side === 'width'
      ? resized(box, next.size, otherSide(next.size, ratio, 'width'))
      : resized(box, otherSide(next.size, ratio, 'height'), next.size);
  }
  if (next.fit === 'inside') {
    const scale = Math.min(next.width / box.width, next.height / box.height);
    return resized(box, Math.max(1, Math.round(box.width * scale)), Math.max(1, Math.round(box.height * scale)));
  }
  // Stretching a stretched image again is one stretch from the source.
  if (next.fit === 'fill' && box.fit === 'fill') return next;
  if (sameShape(box, next)) return resized(box, next.width, next.height);
  const verb = next.fit === 'fill' ? 'stretch' : next.fit === 'contain' ? 'pad' : 'crop';
  return (
    `a ${verb} to ${next.width}×${next.height} after a ${box.fit} to ${box.width}×${box.height} ` +
    'changes the shape twice, which needs two renders.'
  );
}
