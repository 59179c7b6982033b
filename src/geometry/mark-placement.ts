import type { Rect, Size } from './types.js';

/** How a watermark is sized and placed on the output, in output pixels (after `dpr`). */
export interface MarkLayout {
  /** Its width as a fraction of the output's width; undefined keeps its own size (× `scale`). */
  readonly widthFraction: number | undefined;
  /** Its own size is multiplied by this when no width is given: `dpr`, so a mark looks the same on every screen. */
  readonly scale: number;
  /** Where it sits in the free space inside the padding, per axis: 0 start, 0.5 centre, 1 end (as CSS background-position). */
  readonly anchor: { readonly x: number; readonly y: number };
  /** Distance kept from the output's edges, per axis. */
  readonly pad: { readonly x: number; readonly y: number };
}

function atLeastOne(value: number): number {
  return Math.max(1, Math.round(value));
}

/**
 * The rectangle a mark of `mark`'s size occupies on an output of `canvas`'s size (pure). A mark that would
 * not fit inside the padding is scaled down, keeping its aspect, until it does; it is never cut.
 */
export function markPlacement(canvas: Size, mark: Size, layout: MarkLayout): Rect {
  const areaWidth = Math.max(1, canvas.width - 2 * layout.pad.x);
  const areaHeight = Math.max(1, canvas.height - 2 * layout.pad.y);
  const wanted = layout.widthFraction === undefined ? mark.width * layout.scale : canvas.width * layout.widthFraction;
  const fit = Math.min(1, areaWidth / wanted, areaHeight / ((wanted * mark.height) / mark.width));
  const width = Math.min(areaWidth, atLeastOne(wanted * fit));
  const height = Math.min(areaHeight, atLeastOne((width * mark.height) / mark.width));
  // The padding is kept unless the output is too small for it; the mark always stays on the canvas.
  const place = (pad: number, free: number, anchor: number, side: number, canvasSide: number) =>
    Math.min(Math.max(0, canvasSide - side), pad + Math.round(free * anchor));
  return {
    x: place(layout.pad.x, areaWidth - width, layout.anchor.x, width, canvas.width),
    y: place(layout.pad.y, areaHeight - height, layout.anchor.y, height, canvas.height),
    width,
    height,
  };
}
