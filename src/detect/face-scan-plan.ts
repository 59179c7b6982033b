import type { Rect, ScoredBox, Size } from '../geometry/types.js';

/**
 * How the coarse preview is scanned for faces when it is the only scan (renders, and analyze of a
 * source too small for a fine pass): in square tiles along its long side, which run on
 * several workers at once. One non-square pass over the whole preview (detectFaces pads only to
 * multiples of 32) costs a quarter less, but TinyFaceDetector's score for a face depends on where it
 * falls in the network's 32 px grid, and the tiles' overlap sees most faces twice, at two offsets,
 * keeping the better: in one pass bench:quality lost 4 `face` crops of 316 (0.965 → 0.953), a best face
 * or a weak third face scored lower. The fine pass is one pass (scan-faces.ts): its doubtful boxes
 * all get a second look anyway. Beside a fine pass, the coarse scan is one small pass for the faces
 * too large for it (planLargeFaceScan).
 */
export const FACE_SCAN_DEFAULTS = {
  /** Long side of the preview the detector sees. 448 finds 21 of 22 labelled sample faces; 416 finds 19 (bench/analyze.bench.ts). */
  previewSide: 448,
  /** Tiles overlap by this share of their side, so a face cut by one tile is whole in its neighbour. */
  overlap: 0.4,
  /** Below this aspect ratio one square pass is cheaper than tiles. */
  tileAspect: 1.25,
  /** More tiles than this (a panorama or a strip) cost more than one padded pass; scan whole instead. */
  maxTiles: 4,
  /**
   * With a fine pass, the coarse scan is one pass at this long side: it only has to see the faces too
   * large for the fine pass (over about a third of the long side there: TinyFaceDetector's largest
   * anchor is 289×341 px), which at 224 are 75 px and more, inside the network's anchors.
   */
  largeFaceSide: 224,
  /** TinyFaceDetector finds nothing in a side shorter than this: no scan at all. */
  minSide: 16,
} as const;

export interface FaceScanTile {
  /** The tile, in preview pixels. */
  readonly region: Rect;
  /** The network input size: planFaceScan's tiles round their long side up to one of FACE_INPUT_SIZES; planLargeFaceScan's pass is largeFaceSide. */
  readonly inputSize: number;
}

/**
 * The network input sizes of planFaceScan's tiles (the large-face pass adds largeFaceSide, the fine
 * pass and the second looks their own sizes). Tiles are padded up to one of a few sizes, so tfjs sees few
 * shapes; a worker's warm-up at the largest input makes the first run at each of them cheap.
 */
export const FACE_INPUT_SIZES = [256, 320, 384, 448] as const;

function inputSizeFor(side: number): number {
  return FACE_INPUT_SIZES.find((size) => size >= side) ?? Math.max(...FACE_INPUT_SIZES);
}

/** Plans the tiles covering a preview of `size` (pure). */
export function planFaceScan(size: Size, options: { overlap?: number; tileAspect?: number } = {}): FaceScanTile[] {
  const overlap = options.overlap ?? FACE_SCAN_DEFAULTS.overlap;
  const long = Math.max(size.width, size.height);
  const short = Math.min(size.width, size.height);
  if (short < FACE_SCAN_DEFAULTS.minSide) return [];
  const whole = [{ region: { x: 0, y: 0, width: size.width, height: size.height }, inputSize: inputSizeFor(long) }];
  if (long / short < (options.tileAspect ?? FACE_SCAN_DEFAULTS.tileAspect)) return whole;
  const step = short * (1 - overlap);
  const count = Math.max(2, Math.ceil((long - short) / step) + 1);
  if (count > FACE_SCAN_DEFAULTS.maxTiles) return whole;
  const tiles: FaceScanTile[] = [];
  for (let i = 0; i < count; i++) {
    const offset = Math.round(((long - short) * i) / (count - 1));
    const region = size.width >= size.height ? { x: offset, y: 0, width: short, height: short } : { x: 0, y: offset, width: short, height: short };
    tiles.push({ region, inputSize: inputSizeFor(short) });
  }
  return tiles;
}

/**
 * The coarse scan beside a fine pass (pure): one pass over the whole preview at largeFaceSide, or
 * at the preview's own side when that is smaller. The fine pass sees every face up to about a third
 * of the long side at twice the coarse preview's scale; tiles at 320 cost six times this pass for faces it already sees.
 */
export function planLargeFaceScan(size: Size): FaceScanTile[] {
  if (Math.min(size.width, size.height) < FACE_SCAN_DEFAULTS.minSide) return [];
  return [{ region: { x: 0, y: 0, width: size.width, height: size.height }, inputSize: Math.min(FACE_SCAN_DEFAULTS.largeFaceSide, Math.max(size.width, size.height)) }];
}

function intersection(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w <= 0 || h <= 0 ? 0 : w * h;
}

/**
 * Merges boxes from overlapping tiles and from both scales: best score first, dropping any box
 * mostly inside a better one (a face found whole in one tile and cut in its neighbour is one face), or mostly
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
