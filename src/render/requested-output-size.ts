import type { Size } from '../geometry/types.js';
import { outputPadding, outputSize, type TransformSpec } from '../params/transform-spec.js';

/**
 * The size a render of `spec` will have, from the source's size alone (before any pixel is read): the
 * requested sides after `dpr`, the free side from the aspect, `outside` grown to cover the box, padding, and
 * the bounding box of a turn by another angle. Limits are checked on it before rendering.
 */
export function requestedOutputSize(source: Size, spec: TransformSpec): Size {
  const size = outputSize(spec);
  const aspect = source.width / source.height;
  let width = size.width ?? (size.height !== undefined ? Math.round(size.height * aspect) : source.width);
  let height = size.height ?? (size.width !== undefined ? Math.round(size.width / aspect) : source.height);
  if (spec.fit === 'outside' && size.width !== undefined && size.height !== undefined) {
    // `outside` grows the image until it covers the box, so w=8192&h=1 can mean 8192×5461.
    const scale = Math.max(size.width / source.width, size.height / source.height);
    width = Math.max(size.width, Math.round(source.width * scale));
    height = Math.max(size.height, Math.round(source.height * scale));
  }
  const pad = outputPadding(spec);
  if (pad !== undefined) {
    width += pad.left + pad.right;
    height += pad.top + pad.bottom;
  }
  const angle = (spec.operations.rotate % 90) * (Math.PI / 180);
  if (angle !== 0) {
    // Another angle grows the canvas to the turned image's bounding box.
    [width, height] = [
      Math.ceil(width * Math.abs(Math.cos(angle)) + height * Math.abs(Math.sin(angle))),
      Math.ceil(width * Math.abs(Math.sin(angle)) + height * Math.abs(Math.cos(angle))),
    ];
  }
  return { width, height };
}
