import { largestWindow } from './focal-window.js';
import type { Size } from './types.js';

/**
 * The output of a crop that may not be larger than the source (`upscale=0`): the requested size when the
 * largest window of its aspect is at least that big, else that window's size (same aspect, never enlarged).
 */
export function noUpscaleTarget(source: Size, target: Size): Size {
  const window = largestWindow(source, target);
  if (window.width >= target.width && window.height >= target.height) return target;
  return window;
}
