import type { ProbeLimits } from '../config/limits.js';
import type { DecodedSourceOption } from '../engine/open-source.js';
import type { RenderedImage } from '../engine/render-image.js';
import type { SourceInfo } from '../engine/source-info.js';
import type { NormalisedPoint } from '../geometry/normalised-point.js';
import { rectCentre, type DetectedObject, type ScoredBox } from '../geometry/types.js';
import type { CropDecision, PlannedDecision } from '../gravity/crop-decision.js';
import type { FocusSource } from '../params/vocabulary.js';
import type { DetectorPool } from '../workers/detector-pool.js';
import type { DetectionMemoEntry } from './detection-memo.js';
import type { Deadline } from '../shared/deadline.js';
import type { MarkCache, MarkImage } from '../engine/mark-layer.js';

export interface RenderTransformOptions {
  readonly pool: DetectorPool;
  /** The request's Accept header, for `f=auto`. */
  readonly accept?: string | undefined;
  /** The art-director focal point stored on the file. */
  readonly storedFocal?: NormalisedPoint | null;
  readonly limits?: ProbeLimits;
  /** The header, when the caller already probed it. */
  readonly source?: SourceInfo;
  /** Faces from a stored analysis (same scan, same source pixels): face and faces renders then detect nothing. */
  readonly knownFaces?: readonly ScoredBox[] | undefined;
  /** Objects from a stored analysis that has them: smart renders then run no object detector. */
  readonly knownObjects?: readonly DetectedObject[] | undefined;
  /** Faces and objects found by earlier renders of the same original (services' memo, by blob key). */
  readonly detectionMemo?: DetectionMemoEntry | undefined;
  /** Called when a detector fails and the chain falls through (the render still succeeds). */
  readonly onDetectorError?: (error: unknown, strategy: string) => void;
  /**
   * Keep and reuse the source's decoded intermediate here (open-source.ts). With it, eligible renders go
   * through the intermediate whether or not it is held; without it, every render is one fused pipeline.
   */
  readonly decoded?: DecodedSourceOption | undefined;
  /**
   * When the render must be done by (renderDeadline): libvips pipelines get sharp's timeout, detections are
   * raced against it, and it is checked between phases. Past it the render fails with 503 render_timeout.
   */
  readonly deadline?: Deadline | undefined;
  /**
   * The image `mark=` names, resolved by the caller (the server: a stored file of the workspace; the CLI: a
   * local file), and where resized marks are kept. A spec with a mark and no image here is a 400 naming `mark`.
   */
  readonly mark?: { readonly image: MarkImage; readonly cache?: MarkCache | undefined } | undefined;
}

export interface RenderResult extends RenderedImage {
  readonly contentType: string;
  readonly decision: CropDecision;
}

/** The decision reported with a render: the planned one completed with the window libvips cut. */
export function finalDecision(planned: PlannedDecision | null, image: Pick<RenderedImage, 'window'>, fallbacks: string[]): CropDecision {
  const window = image.window;
  if (planned === null) return { focus: 'center', point: null, window, faces: [], fallbacks };
  const point = planned.kind === 'window' && planned.point !== null ? planned.point : rectCentre(window);
  return { focus: planned.focus satisfies FocusSource, point, window, faces: planned.faces, fallbacks };
}
