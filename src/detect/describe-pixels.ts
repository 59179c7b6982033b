import { downsamplePixels } from './downsample.js';
import { extractPalette, type Palette } from './palette.js';
import type { RawPixels } from './pixels.js';
import { encodePlaceholder } from './placeholder.js';
import { smartFocus } from './smartcrop.js';

/** Long side of the pixels smartcrop and the palette look at: their own defaults work at ~256 px. */
export const DESCRIBE_SIDE = 256;

/** Everything analyze needs besides faces, from one preview. */
export interface PixelDescription {
  /** smartcrop's focus, normalised, with its confidence; null when it found nothing. */
  readonly smart: { readonly x: number; readonly y: number; readonly confidence: number } | null;
  readonly palette: Palette;
  readonly placeholder: string;
}

/** Runs smartcrop, the palette and ThumbHash on one preview (CPU-bound: call it in a worker). */
export function describePixels(preview: RawPixels): PixelDescription {
  const small = downsamplePixels(preview, DESCRIBE_SIDE);
  const focus = smartFocus(small);
  return {
    smart: focus === null ? null : { x: focus.x, y: focus.y, confidence: focus.confidence },
    palette: extractPalette(small),
    placeholder: encodePlaceholder(small),
  };
}
