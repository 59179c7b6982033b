import { fitsIn, unionRect } from '../geometry/subject-window.js';
import type { DetectedObject, Rect, Size } from '../geometry/types.js';

/** What a crop is about when several kinds of object are in view: these come first. */
const SUBJECT_LABELS: ReadonlySet<string> = new Set([
  'person',
  // animals
  'bird', 'cat', 'dog', 'horse', 'sheep', 'cow', 'elephant', 'bear', 'zebra', 'giraffe', 'teddy bear',
  // vehicles
  'bicycle', 'car', 'motorcycle', 'airplane', 'bus', 'train', 'truck', 'boat',
]);

export const MAIN_SUBJECT_DEFAULTS = {
  /** The detector's own floor (@vladmandic/human's default): weaker boxes are too often texture. */
  minScore: 0.2,
  /** Another object joins the main one when it weighs at least this share of it (score × area) and the union still fits. */
  companionShare: 0.35,
} as const;

export interface MainSubject {
  /** The union of the chosen objects' boxes. */
  readonly box: Rect;
  /** The chosen objects, the main one first. */
  readonly objects: readonly DetectedObject[];
}

const weight = (o: DetectedObject) => o.score * o.box.width * o.box.height;

/**
 * The main subject among detected objects (pure): people, animals and vehicles before anything
 * else; among those, the largest confident one (score × area); then the next ones by the same
 * weight, when they weigh enough and the union of boxes still fits in `window`. Null when no
 * object is confident enough.
 */
export function mainSubject(objects: readonly DetectedObject[], window: Size, options: Partial<typeof MAIN_SUBJECT_DEFAULTS> = {}): MainSubject | null {
  const { minScore, companionShare } = { ...MAIN_SUBJECT_DEFAULTS, ...options };
  const confident = objects.filter((o) => o.score >= minScore && o.box.width > 0 && o.box.height > 0);
  const preferred = confident.filter((o) => SUBJECT_LABELS.has(o.label));
  const ranked = (preferred.length > 0 ? preferred : confident).sort((a, b) => weight(b) - weight(a));
  const main = ranked[0];
  if (main === undefined) return null;
  const chosen = [main];
  let box = main.box;
  for (const other of ranked.slice(1)) {
    if (weight(other) < companionShare * weight(main)) break;
    const grown = unionRect([box, other.box]);
    if (!fitsIn(grown, window)) continue;
    chosen.push(other);
    box = grown;
  }
  return { box, objects: chosen };
}

/** The share of `inner`'s area that lies inside `outer`. */
export function shareInside(inner: Rect, outer: Rect): number {
  const w = Math.min(inner.x + inner.width, outer.x + outer.width) - Math.max(inner.x, outer.x);
  const h = Math.min(inner.y + inner.height, outer.y + outer.height) - Math.max(inner.y, outer.y);
  if (w <= 0 || h <= 0) return 0;
  return (w * h) / (inner.width * inner.height);
}

/**
 * The people whose boxes hold one of `faces` (most of the face inside the person's box): the
 * bodies those faces belong to, so a crop can keep the face and show as much of the person
 * as fits.
 */
export function peopleWithFaces(objects: readonly DetectedObject[], faces: readonly Rect[], options: Partial<typeof MAIN_SUBJECT_DEFAULTS> = {}): DetectedObject[] {
  const minScore = options.minScore ?? MAIN_SUBJECT_DEFAULTS.minScore;
  return objects.filter((o) => o.label === 'person' && o.score >= minScore && faces.some((face) => shareInside(face, o.box) >= 0.8));
}
