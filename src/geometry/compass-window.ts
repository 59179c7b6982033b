import { largestWindow } from './focal-window.js';
import type { Rect, Size } from './types.js';

/** The nine compass positions a window can be pinned to. */
export const COMPASS = ['center', 'north', 'northeast', 'east', 'southeast', 'south', 'southwest', 'west', 'northwest'] as const;
export type Compass = (typeof COMPASS)[number];

/** Where each compass name pins the window on each axis: 0 start, 0.5 centre, 1 end. */
const PLACEMENT = {
  center: [0.5, 0.5],
  north: [0.5, 0],
  northeast: [1, 0],
  east: [1, 0.5],
  southeast: [1, 1],
  south: [0.5, 1],
  southwest: [0, 1],
  west: [0, 0.5],
  northwest: [0, 0],
} as const satisfies Record<Compass, readonly [number, number]>;

/** Where a compass name pins something on each axis, as fractions: 0 start, 0.5 centre, 1 end. */
export function compassAnchor(compass: Compass): readonly [number, number] {
  return PLACEMENT[compass];
}

/** The largest window of the target aspect, pinned to a compass edge or corner. */
export function compassWindow(source: Size, target: Size, compass: Compass): Rect {
  const size = largestWindow(source, target);
  const [px, py] = PLACEMENT[compass];
  return {
    // Centring rounds down, as libvips does, so `center` matches sharp's own cover crop.
    x: Math.floor((source.width - size.width) * px),
    y: Math.floor((source.height - size.height) * py),
    width: size.width,
    height: size.height,
  };
}
