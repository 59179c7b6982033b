import type { Compass } from '../geometry/compass-window.js';
import type { Point, Rect, ScoredBox } from '../geometry/types.js';
import type { FocusSource } from '../params/vocabulary.js';

/** A window chosen before rendering, in source pixels. */
export interface WindowDecision {
  readonly kind: 'window';
  readonly focus: FocusSource;
  readonly point: Point | null;
  readonly window: Rect;
  readonly faces: readonly ScoredBox[];
}

/** A window libvips picks while it resizes (attention, entropy, or a compass position after a trim); known only after the render. */
export interface SharpDecision {
  readonly kind: 'sharp';
  readonly focus: 'auto' | 'entropy' | Compass;
  readonly strategy: 'attention' | 'entropy' | Compass;
  /** Faces found by an earlier strategy that fell through, still reported. */
  readonly faces: readonly ScoredBox[];
}

export type PlannedDecision = WindowDecision | SharpDecision;

/** What decided a render, reported with every output (CLI --json, X-Convertly-* headers). */
export interface CropDecision {
  readonly focus: FocusSource;
  /** The focus point in source pixels, when the strategy has one. */
  readonly point: Point | null;
  /** The window cut from the source, in source pixels (the whole source when nothing is cropped). */
  readonly window: Rect;
  readonly faces: readonly ScoredBox[];
  /** Strategies that were tried and fell through, with why, in order. */
  readonly fallbacks: readonly string[];
}
