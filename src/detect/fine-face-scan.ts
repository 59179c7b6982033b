import { FACE_SCAN_DEFAULTS } from './face-scan-plan.js';
import { iou } from './centernet-decode.js';
import type { Rect, ScoredBox, Size } from '../geometry/types.js';

/**
 * The small-face pass of the face scan. The coarse 448 px scan cannot see faces of 4–8 % of the
 * long side (18–36 px there); a second, finer preview, scanned whole at its own size, sees them at
 * twice that, but also calls some texture a face. So every doubtful
 * candidate (a fine-scan box, or a coarse box scored between candidateScore and acceptScore)
 * gets a second look: TinyFaceDetector re-run at a small input on a crop around it, which
 * texture fails and real faces pass (measured on the bench:quality set: 0 false candidates kept).
 */
export const FINE_SCAN_DEFAULTS = {
  /** Long side of the fine preview (twice the coarse one). */
  previewSide: 896,
  /** The fine pass pays only when the source has noticeably more pixels than the coarse preview. */
  minGain: 1.25,
  /** Coarse boxes scored at least this are candidates for the second look. */
  candidateScore: 0.3,
  /**
   * Fine-pass boxes are candidates from this lower score. The fine pass sees a 4–8 % face at
   * 36–72 px, at or under the network's smallest anchor (about 51×67 px), and scores some real faces
   * low there (0.21 for one in bench:quality that its second look scores 0.82); the second look sees
   * the face at about 80 px and tells faces from texture. In bench:quality 9 fine boxes score
   * 0.2–0.3 (after the merge): the look keeps that face and rejects the 8 on texture.
   */
  fineCandidateScore: 0.2,
  /** A coarse box scored at least this is a face without a second look (the detector's old threshold). */
  acceptScore: 0.45,
  /** The second look's network input: a crop of about three face widths fills it. */
  lookInputSize: 160,
  /** The crop around a candidate: its long side plus this share of it on each side. */
  lookMargin: 0.5,
  /** Boxes of the second look are read down to this score... */
  lookReadScore: 0.2,
  /** ...and the candidate stands when one of them, overlapping it by this IoU, scores at least lookAcceptScore. */
  lookMatchIou: 0.3,
  /**
   * The coarse candidate floor: a candidate stands when the look finds it again as a candidate.
   * Texture is not seen at all: on bench:quality none of the 26 texture candidates (analyze's and
   * render's) got a look box over 0.1, while the look scored real faces 0.25–0.99. At 0.5 (before)
   * it also turned away real faces seen again at 0.34–0.47, among them sample2's profile face.
   */
  lookAcceptScore: 0.3,
} as const;

/** Whether a fine pass would see more than the coarse preview (pure): the source must be larger than the coarse preview by minGain. */
export function wantsFineScan(source: Size, coarseSide: number = FACE_SCAN_DEFAULTS.previewSide): boolean {
  return Math.max(source.width, source.height) >= coarseSide * FINE_SCAN_DEFAULTS.minGain;
}

/** The crop a candidate's second look runs on (pure): a square of its long side plus lookMargin each side, centred on it, clipped to `size`. */
export function lookRegion(box: Rect, size: Size, margin: number = FINE_SCAN_DEFAULTS.lookMargin): Rect {
  const side = Math.max(box.width, box.height) * (1 + 2 * margin);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const x0 = Math.max(0, Math.round(cx - side / 2));
  const y0 = Math.max(0, Math.round(cy - side / 2));
  const x1 = Math.min(size.width, Math.round(cx + side / 2));
  const y1 = Math.min(size.height, Math.round(cy + side / 2));
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

/**
 * The verdict of a second look (pure): the candidate with the mean of its two scores when a
 * look box overlapping it scores lookAcceptScore or more, else null (texture, not a face).
 * `seen` are the look's boxes in the candidate's own coordinates.
 */
export function judgeSecondLook<T extends ScoredBox>(candidate: T, seen: readonly ScoredBox[]): T | null {
  let best: ScoredBox | undefined;
  for (const box of seen) {
    if (iou(box, candidate) >= FINE_SCAN_DEFAULTS.lookMatchIou && (best === undefined || box.score > best.score)) best = box;
  }
  if (best === undefined || best.score < FINE_SCAN_DEFAULTS.lookAcceptScore) return null;
  return { ...candidate, score: Math.round(((candidate.score + best.score) / 2) * 1000) / 1000 };
}

/** Whether a candidate needs a second look (pure): every fine-scan box, and coarse boxes below acceptScore. */
export function needsSecondLook(candidate: ScoredBox & { readonly fine: boolean }): boolean {
  return candidate.fine || candidate.score < FINE_SCAN_DEFAULTS.acceptScore;
}
