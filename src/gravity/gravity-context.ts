import type { DetectedObject, Rect, ScoredBox, Size } from '../geometry/types.js';
import type { NormalisedPoint } from '../geometry/normalised-point.js';

/** A smartcrop pick in source pixels. */
export interface SmartPick {
  readonly window: Rect;
  readonly confidence: number;
}

/** Lazy, memoised access to the detectors for one render: each runs at most once. */
export interface Detections {
  /** Faces in source pixels, best first. */
  faces(): Promise<readonly ScoredBox[]>;
  /** COCO objects (people, animals, vehicles, …) in source pixels, best first. */
  objects(): Promise<readonly DetectedObject[]>;
  /**
   * The object detector at a coarse input (or objects() when already known): enough for the large
   * boxes of the people whose faces were found, at about 40 % of objects()' cost.
   */
  people(): Promise<readonly DetectedObject[]>;
  /** smartcrop's best window of the target aspect, in source pixels, or null when it finds nothing. */
  smartCrop(): Promise<SmartPick | null>;
}

/** Everything a gravity strategy may look at. Sizes are in pixels; `target` is the output size. */
export interface GravityContext {
  readonly source: Size;
  readonly target: Size;
  readonly fp: NormalisedPoint | undefined;
  /** The art-director focal point stored on the file, if any. */
  readonly storedFocal: NormalisedPoint | null;
  readonly detections: Detections;
}
