import type { Rect, ScoredBox, Size } from '../geometry/types.js';

/**
 * How a preview is scanned for faces. TinyFaceDetector is fully convolutional and detectFaces pads
 * its input only up to the next multiple of 32 on each side, so one pass over the whole preview at
 * its own size wastes nothing: a 3:2 preview of 448×299 is one 448×320 input (143 k network pixels)
 * where two overlapping square tiles of 299 at 320 were 205 k and had seams. Tiles would pay only
 * for memory (a worker's WASM heap grows to its largest input), and the largest pass, a square fine
 * preview of 896, grows it no more than the 672 px tiles did (see tiny-face-forward.ts).
 */
export const FACE_SCAN_DEFAULTS = {
  /** Long side of the preview the detector sees. 448 finds 21 of 22 labelled sample faces; 416 finds 19 (bench/analyze.bench.ts). */
  previewSide: 448,
  /** TinyFaceDetector finds nothing in a side shorter than this: no scan at all. */
  minSide: 16,
} as const;

export interface FaceScanPass {
  /** The part of the preview the pass sees, in preview pixels. */
  readonly region: Rect;
  /** detectFaces' inputSize: the region's long side, so the network sees it at the preview's own scale. */
  readonly inputSize: number;
}

/** Plans the passes over a preview of `size` (pure): the whole preview at its own scale, or nothing when it is too thin to hold a face. */
export function planFaceScan(size: Size): FaceScanPass[] {
  if (Math.min(size.width, size.height) < FACE_SCAN_DEFAULTS.minSide) return [];
  return [{ region: { x: 0, y: 0, width: size.width, height: size.height }, inputSize: Math.max(size.width, size.height) }];
}

function intersection(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w <= 0 || h <= 0 ? 0 : w * h;
}

/**
 * Merges boxes of the two scales: best score first, dropping any box mostly inside a better one
 * (a face found by both passes, or at two sizes, is one face), or mostly
 * covered by better ones together: in a row of faces the detector also boxes the gap between
 * two neighbours, half on each (on bench:quality such boxes were 3 of the 4 non-faces analyze
 * returned, and each counted as a face for gravity=face). Faces in a photo overlap far less.
 */
export function mergeFaceBoxes<T extends ScoredBox = ScoredBox>(boxes: readonly T[], threshold = 0.5): T[] {
  const kept: T[] = [];
  const sorted = [...boxes].sort((a, b) => b.score - a.score || a.x - b.x || a.y - b.y);
  for (const box of sorted) {
    const area = box.width * box.height;
    let covered = 0;
    let alone = true;
    for (const k of kept) {
      const shared = intersection(k, box);
      if (shared >= threshold * Math.min(area, k.width * k.height)) alone = false;
      covered += shared;
    }
    // Kept boxes barely overlap one another (this rule), so the sum of overlaps is close to the covered area.
    if (alone && covered < threshold * area) kept.push(box);
  }
  return kept;
}
