import type { Rect, Size } from '../geometry/types.js';

/** The strongest heatmap peaks: flat indices into [height, width, classes] and their scores, best first. */
export interface CenterNetPeaks {
  readonly scores: ArrayLike<number>;
  readonly indices: ArrayLike<number>;
}

/** The heatmap's grid: cells across and down, classes per cell, input pixels per cell. */
export interface CenterNetGrid {
  readonly width: number;
  readonly height: number;
  readonly classes: number;
  readonly stride: number;
}

/** One decoded detection, in input pixels, clipped to the input. */
export interface RawDetection {
  readonly classIndex: number;
  readonly score: number;
  readonly box: Rect;
}

export interface DecodeOptions {
  readonly minScore: number;
  /** Boxes overlapping a better one by more than this IoU are the same object seen twice. */
  readonly maxOverlap: number;
  readonly maxObjects: number;
}

/**
 * Turns CenterNet peaks into boxes (pure): each peak is a cell and a class; `sizes` holds, per
 * cell, the distances from the cell's centre point to the box's left, top, right and bottom edges,
 * in input pixels. Then a class-blind non-maximum suppression: the detector often names one
 * thing twice (a phone and a remote), and a crop only needs to know where it is.
 */
export function decodeCenterNet(peaks: CenterNetPeaks, sizes: ArrayLike<number>, grid: CenterNetGrid, input: Size, options: DecodeOptions): RawDetection[] {
  const found: RawDetection[] = [];
  for (let i = 0; i < peaks.indices.length; i++) {
    const score = peaks.scores[i]!;
    if (!(score >= options.minScore)) break;
    const index = peaks.indices[i]!;
    const classIndex = index % grid.classes;
    const cell = Math.floor(index / grid.classes);
    const cx = (cell % grid.width) * grid.stride;
    const cy = Math.floor(cell / grid.width) * grid.stride;
    const o = cell * 4;
    const x0 = Math.max(0, cx - sizes[o]!);
    const y0 = Math.max(0, cy - sizes[o + 1]!);
    const x1 = Math.min(input.width, cx + sizes[o + 2]!);
    const y1 = Math.min(input.height, cy + sizes[o + 3]!);
    if (x1 - x0 < 1 || y1 - y0 < 1) continue;
    found.push({ classIndex, score, box: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } });
  }
  return suppressOverlaps(found, options.maxOverlap).slice(0, options.maxObjects);
}

export function iou(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/** Greedy non-maximum suppression, best score first. */
export function suppressOverlaps<T extends { readonly score: number; readonly box: Rect }>(items: readonly T[], maxOverlap: number): T[] {
  const kept: T[] = [];
  for (const item of [...items].sort((a, b) => b.score - a.score)) {
    if (kept.every((k) => iou(k.box, item.box) <= maxOverlap)) kept.push(item);
  }
  return kept;
}
