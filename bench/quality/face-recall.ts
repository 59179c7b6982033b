import type { Box, Dimensions } from './coverage.js';

/** A detection counts for a label at this intersection-over-union or more (the rule of test/fixtures/sample-face-labels.ts). */
export const MATCH_IOU = 0.3;

export function iou(a: Box, b: Box): number {
  const w = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = w * h;
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/** For each label in order, whether a detection not used by an earlier label matches it (its best one by IoU). */
export function matchLabels(labels: readonly Box[], found: readonly Box[]): boolean[] {
  const used = new Set<number>();
  return labels.map((label) => {
    let best = -1;
    let bestIou = MATCH_IOU;
    found.forEach((f, i) => {
      const overlap = iou(label, f);
      if (!used.has(i) && overlap >= bestIou) {
        best = i;
        bestIou = overlap;
      }
    });
    if (best < 0) return false;
    used.add(best);
    return true;
  });
}

export const FACE_SIZE_BANDS = ['under 4 %', '4-8 %', 'over 8 %'] as const;
export type FaceSizeBand = (typeof FACE_SIZE_BANDS)[number];

/** A face's size class: its long side as a share of the image's long side. */
export function faceSizeBand(face: Box, image: Dimensions): FaceSizeBand {
  const share = Math.max(face.width, face.height) / Math.max(image.width, image.height);
  if (share < 0.04) return 'under 4 %';
  return share <= 0.08 ? '4-8 %' : 'over 8 %';
}
