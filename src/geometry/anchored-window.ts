import { focalWindow } from './focal-window.js';
import { groupWindow, type GroupWindow } from './group-window.js';
import { rectCentre, type ScoredBox, type Size } from './types.js';

export const ANCHORED_WINDOW_DEFAULTS = {
  /**
   * Faces scored within this of the best one are as good an anchor as it. TinyFaceDetector's score
   * for one face moves by a median 0.15 (up to 0.41) when the same photo is merely framed
   * differently (bench:quality's real sub-crops, 21 faces seen in 2–3 framings), so the order of
   * faces closer than this is chance, not which face matters more.
   */
  scoreMargin: 0.1,
} as const;

/** The face a `face` crop is built around: the detector's most confident one (the first of equals). */
export function bestFace(boxes: readonly ScoredBox[]): ScoredBox | undefined {
  let best: ScoredBox | undefined;
  for (const box of boxes) if (best === undefined || box.score > best.score) best = box;
  return best;
}

/**
 * The faces as sure as the best one (within ANCHORED_WINDOW_DEFAULTS.scoreMargin), best first,
 * the best face itself first of all.
 */
export function bestFaces(boxes: readonly ScoredBox[], margin: number = ANCHORED_WINDOW_DEFAULTS.scoreMargin): ScoredBox[] {
  const best = bestFace(boxes);
  if (best === undefined) return [];
  const others = boxes.filter((box) => box !== best && box.score >= best.score - margin - 1e-9);
  return [best, ...others.sort((a, b) => b.score - a.score)];
}

/**
 * The `face` window: it keeps a best face whole and, among such windows, the one that keeps the
 * most other faces (centred on them all when they fit). The best face is the most confident one,
 * or one as sure within the detector's noise (bestFaces) when a window around it keeps more
 * faces; of equal counts, the more confident anchor. A best face bigger than any window is
 * centred instead. Pure; null only when there is no face.
 */
export function anchoredWindow(source: Size, target: Size, boxes: readonly ScoredBox[]): (GroupWindow & { readonly anchor: ScoredBox }) | null {
  const [best, ...contenders] = bestFaces(boxes);
  if (best === undefined) return null;
  const first = groupWindow(source, target, boxes, { anchor: best });
  if (first === null) return { window: focalWindow(source, target, rectCentre(best)), kept: [], anchor: best };
  let picked: GroupWindow & { readonly anchor: ScoredBox } = { ...first, anchor: best };
  for (const anchor of contenders) {
    const group = groupWindow(source, target, boxes, { anchor });
    if (group !== null && group.kept.length > picked.kept.length) picked = { ...group, anchor };
  }
  return picked;
}
