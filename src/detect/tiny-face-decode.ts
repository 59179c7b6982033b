import type { ScoredBox } from '../geometry/types.js';
import { suppressOverlaps } from './centernet-decode.js';

/**
 * TinyFaceDetector's output grid: one cell per 32 input pixels, `anchors.length` boxes per cell of
 * five values each (x, y, w, h, objectness), row-major [rows, cols, anchors, 5].
 */
export interface TinyFaceGrid {
  readonly cols: number;
  readonly rows: number;
  /** Anchor sizes in cells (face-api's BOX_ANCHORS). */
  readonly anchors: readonly { readonly x: number; readonly y: number }[];
}

/** Input pixels per output cell: the network's five stride-2 pools. */
export const TINY_FACE_CELL = 32;

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/**
 * The boxes scored above `scoreThreshold`, in input pixels (pure). The same arithmetic as face-api's
 * TinyYolov2 `extractBoxes`, which assumes a square grid and normalises by its one cell count: a cell
 * is TINY_FACE_CELL pixels on both axes, so a grid of any shape decodes in pixels directly.
 */
export function decodeTinyFaceGrid(values: ArrayLike<number>, grid: TinyFaceGrid, scoreThreshold: number): ScoredBox[] {
  const { cols, rows, anchors } = grid;
  const boxes: ScoredBox[] = [];
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      for (let a = 0; a < anchors.length; a++) {
        const at = ((row * cols + col) * anchors.length + a) * 5;
        const score = sigmoid(values[at + 4]!);
        if (!(score > scoreThreshold)) continue;
        const cx = (col + sigmoid(values[at]!)) * TINY_FACE_CELL;
        const cy = (row + sigmoid(values[at + 1]!)) * TINY_FACE_CELL;
        const width = Math.exp(values[at + 2]!) * anchors[a]!.x * TINY_FACE_CELL;
        const height = Math.exp(values[at + 3]!) * anchors[a]!.y * TINY_FACE_CELL;
        boxes.push({ x: cx - width / 2, y: cy - height / 2, width, height, score });
      }
    }
  }
  return boxes;
}

/**
 * face-api's non-maximum suppression (pure): centernet-decode's greedy one, best score first, dropping
 * every box whose IoU with a kept one is over `iouThreshold`. IoU does not change under a scale of
 * either axis, so this is the same whether boxes are in input pixels or in face-api's stretched relative units.
 */
export function suppressFaceOverlaps(boxes: readonly ScoredBox[], iouThreshold: number): ScoredBox[] {
  // face-api pops the last of an ascending sort: among equal scores the highest index goes first,
  // which the stable sort of suppressOverlaps gives on the list reversed.
  return suppressOverlaps([...boxes].reverse().map((box) => ({ score: box.score, box })), iouThreshold).map((kept) => kept.box);
}
