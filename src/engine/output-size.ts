import { orientSize } from '../geometry/orientation.js';
import type { Size } from '../geometry/types.js';
import type { ShapePlan } from './plan-render.js';
import type { RenderOperations } from './render-operations.js';

/**
 * The output's size known from the plan alone, or null where only libvips knows it to the pixel (a trim, a
 * turn by another angle, a resize that keeps the aspect or never enlarges). A mark drawn in the render's own
 * pipeline needs it; without it the render is finished first and the mark drawn in a second step.
 */
export function plannedOutputSize(source: Size, shape: ShapePlan, ops: RenderOperations): Size | null {
  if (ops.trim !== undefined || ops.angle !== 0) return null;
  let size: Size | null = null;
  if (shape.kind === 'crop') size = shape.output;
  else if (shape.width === undefined && shape.height === undefined) size = orientSize(source, ops.orientation);
  else if (shape.width !== undefined && shape.height !== undefined && ops.upscale && (shape.fit === 'fill' || shape.fit === 'contain')) {
    size = { width: shape.width, height: shape.height };
  }
  if (size === null) return null;
  const pad = ops.pad;
  return pad === undefined ? size : { width: size.width + pad.left + pad.right, height: size.height + pad.top + pad.bottom };
}
