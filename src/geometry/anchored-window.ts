import { focalWindow } from './focal-window.js';
import { groupWindow, type GroupWindow } from './group-window.js';
import { rectCentre, type ScoredBox, type Size } from './types.js';

/** The face a `face` crop is built around: the detector's most confident one (the first of equals). */
export function bestFace(boxes: readonly ScoredBox[]): ScoredBox | undefined {
  let best: ScoredBox | undefined;
  for (const box of boxes) if (best === undefined || box.score > best.score) best = box;
  return best;
}

/**
 * The `face` window: it keeps the best face whole and, among such windows, the one
 * that keeps the most other faces (centred on them all when they fit). A face bigger than any
 * window is centred instead. Pure; null only when there is no face.
 */
export function anchoredWindow(source: Size, target: Size, boxes: readonly ScoredBox[]): (GroupWindow & { readonly anchor: ScoredBox }) | null {
  const anchor = bestFace(boxes);
  if (anchor === undefined) return null;
  const group = groupWindow(source, target, boxes, { anchor });
  if (group !== null) return { ...group, anchor };
  return { window: focalWindow(source, target, rectCentre(anchor)), kept: [], anchor };
}
