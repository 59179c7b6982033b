import { clamp, type Rect, type Size } from './types.js';

/**
 * Maps a rectangle from one image size to another (a preview box to source pixels), per axis:
 * a preview's sides are each rounded, so one scale taken from the width can push a box that
 * touches the bottom edge a pixel past the source. The result is at least 1×1 and inside `to`.
 */
export function mapRect(rect: Rect, from: Size, to: Size): Rect {
  const sx = to.width / from.width;
  const sy = to.height / from.height;
  const x = clamp(Math.round(rect.x * sx), 0, to.width - 1);
  const y = clamp(Math.round(rect.y * sy), 0, to.height - 1);
  const right = clamp(Math.round((rect.x + rect.width) * sx), x + 1, to.width);
  const bottom = clamp(Math.round((rect.y + rect.height) * sy), y + 1, to.height);
  return { x, y, width: right - x, height: bottom - y };
}
