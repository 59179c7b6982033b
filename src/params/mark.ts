import type { Compass } from '../geometry/compass-window.js';
import type { NormalisedPoint } from '../geometry/normalised-point.js';

/** The watermark parameters, in canonical order (docs/api.md §1). */
export const MARK_PARAMS = ['mark', 'markpos', 'markw', 'markalpha', 'markpad'] as const;

/** Where the mark sits: a compass name, or `x,y` fractions of the free space inside the padding (as CSS background-position). */
export type MarkPosition = { readonly kind: 'compass'; readonly name: Compass } | { readonly kind: 'point'; readonly point: NormalisedPoint };

/**
 * A watermark drawn over the rendered output: another stored file of the same workspace, sized relative
 * to the output and placed on it. Canonical: equal marks compare equal field by field.
 */
export interface Mark {
  /** A file id, or the path of an upload of the workspace (`brand/logo.png`); resolved by the server. */
  readonly file: string;
  readonly position: MarkPosition;
  /** Width as a fraction of the output width, in (0,1]; undefined keeps the mark's own size (× dpr). */
  readonly width: number | undefined;
  /** Opacity, 0–100. */
  readonly alpha: number;
  /** Distance from the output's edges in CSS pixels (× dpr), per axis. */
  readonly pad: { readonly x: number; readonly y: number };
}

export const DEFAULT_MARK_POSITION = Object.freeze({ kind: 'compass', name: 'southeast' } as const);
export const MAX_MARK_ALPHA = 100;

/** A mark as CDN parameters, leaving out the defaults (southeast, own size, opaque, no padding). */
export function markParams(mark: Mark): Array<readonly [(typeof MARK_PARAMS)[number], string]> {
  const params: Array<readonly [(typeof MARK_PARAMS)[number], string]> = [['mark', mark.file]];
  const { position, pad } = mark;
  if (position.kind === 'point') params.push(['markpos', `${position.point.x},${position.point.y}`]);
  else if (position.name !== DEFAULT_MARK_POSITION.name) params.push(['markpos', position.name]);
  if (mark.width !== undefined) params.push(['markw', String(mark.width)]);
  if (mark.alpha !== MAX_MARK_ALPHA) params.push(['markalpha', String(mark.alpha)]);
  if (pad.x !== 0 || pad.y !== 0) params.push(['markpad', pad.x === pad.y ? String(pad.x) : `${pad.x},${pad.y}`]);
  return params;
}
