import type { NormalisedPoint } from '../geometry/normalised-point.js';
import type { Gravity } from './vocabulary.js';

/**
 * What decides a crop: a point the request names (`fp`), a gravity mode, or, when the request names
 * neither, the file's stored focal point (else the centre).
 */
export type Focus =
  | { readonly kind: 'point'; readonly point: NormalisedPoint }
  | { readonly kind: 'gravity'; readonly name: Gravity }
  | { readonly kind: 'stored' };

const STORED: Focus = Object.freeze({ kind: 'stored' });

/** The one place the rule lives: `fp` wins over `gravity` (and `crop`); neither means the stored focal point. */
export function resolveFocus(gravity: Gravity | undefined, fp: NormalisedPoint | undefined): Focus {
  if (fp !== undefined) return Object.freeze({ kind: 'point', point: fp });
  if (gravity !== undefined) return Object.freeze({ kind: 'gravity', name: gravity });
  return STORED;
}

/** The focus in one word, as the render metrics label it: `fp`, the gravity's name, or `default`. */
export function focusLabel(focus: Focus): string {
  if (focus.kind === 'point') return 'fp';
  return focus.kind === 'gravity' ? focus.name : 'default';
}
