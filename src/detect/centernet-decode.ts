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

/**
 * CenterNet's heatmap NMS in plain JavaScript (pure): a peak is a value at least as large as every
 * value of its class in the 3×3 cells around it (tfjs' `equal(h, maxPool(h, 3, 1, 'same'))`). Only
 * values ≥ `minScore` can become detections, so only those are tested: on a 416 px input about one
 * value in ten thousand, instead of the maxPool, equal, cast, mul and topk passes over all 600 k
 * (a tenth of the object pass). Returns at most `limit` peaks, best first, ties by index.
 */
export function findPeaks(heatmap: ArrayLike<number>, grid: Omit<CenterNetGrid, 'stride'>, minScore: number, limit: number): CenterNetPeaks {
  const { width, height, classes } = grid;
  const found: { score: number; index: number }[] = [];
  const total = width * height * classes;
  for (let index = 0; index < total; index++) {
    const score = heatmap[index]!;
    if (!(score >= minScore)) continue;
    const cell = (index / classes) | 0;
    const cls = index - cell * classes;
    const cx = cell % width;
    const cy = (cell / width) | 0;
    let peak = true;
    for (let y = Math.max(0, cy - 1); peak && y <= Math.min(height - 1, cy + 1); y++) {
      for (let x = Math.max(0, cx - 1); x <= Math.min(width - 1, cx + 1); x++) {
        if (heatmap[(y * width + x) * classes + cls]! > score) {
          peak = false;
          break;
        }
      }
    }
    if (peak) found.push({ score, index });
  }
  found.sort((a, b) => b.score - a.score || a.index - b.index);
  const kept = found.slice(0, limit);
  return { scores: kept.map((p) => p.score), indices: kept.map((p) => p.index) };
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

/** Intersection over union of two boxes; 0 when they do not overlap. Shared by every non-maximum suppression and box match in detect/. */
export function iou(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/** Greedy non-maximum suppression, best score first (equal scores in input order). */
export function suppressOverlaps<T extends { readonly score: number; readonly box: Rect }>(items: readonly T[], maxOverlap: number): T[] {
  const kept: T[] = [];
  for (const item of [...items].sort((a, b) => b.score - a.score)) {
    if (kept.every((k) => iou(k.box, item.box) <= maxOverlap)) kept.push(item);
  }
  return kept;
}
