import type { RawPixels } from '../detect/pixels.js';
import type { Rect, ScoredBox, Size } from '../geometry/types.js';
import type { Detections, SmartPick } from '../gravity/gravity-context.js';
import { FACE_SCAN_DEFAULTS } from '../detect/face-scan-plan.js';
import type { DetectorPool } from '../workers/detector-pool.js';
import { scanFaces } from '../workers/scan-faces.js';
import { loadPreview, type Preview } from './preview.js';
import type { ImageInput, ProbeLimits, SourceInfo } from './source-info.js';

/** Preview sizes fed to each detector (long side, pixels). */
export const PREVIEW_SIDES = {
  /** See FACE_SCAN_DEFAULTS: the scale at which the labelled sample faces are found. */
  faces: FACE_SCAN_DEFAULTS.previewSide,
  /** smartcrop scores at ~256 px in its own defaults; more pixels cost time and change little. */
  smartcrop: 256,
} as const;

function toSource(rect: Rect, preview: Preview, source: Size): Rect {
  const x = Math.max(0, Math.round(rect.x / preview.scale));
  const y = Math.max(0, Math.round(rect.y / preview.scale));
  return {
    x,
    y,
    width: Math.min(source.width - x, Math.round(rect.width / preview.scale)),
    height: Math.min(source.height - y, Math.round(rect.height / preview.scale)),
  };
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => (pending ??= load());
}

export interface DetectionsOptions {
  readonly input: ImageInput;
  readonly source: SourceInfo;
  readonly target: Size;
  readonly pool: DetectorPool;
  readonly limits: ProbeLimits;
}

/** Detectors for one render, each run at most once, on sharp-made previews, in the worker pool. */
export function createDetections(options: DetectionsOptions): Detections {
  const { input, source, target, pool, limits } = options;
  const facePreview = once(() => loadPreview(input, source, { maxSide: PREVIEW_SIDES.faces, channels: 3, limits }));
  const smartPreview = once(() => loadPreview(input, source, { maxSide: PREVIEW_SIDES.smartcrop, channels: 3, limits }));
  return {
    faces: once(async () => {
      const preview = await facePreview();
      const boxes = await scanFaces(pool, preview satisfies RawPixels);
      return boxes.map((box): ScoredBox => ({ ...toSource(box, preview, source), score: box.score }));
    }),
    smartCrop: once(async (): Promise<SmartPick | null> => {
      const preview = await smartPreview();
      const pick = await pool.smartCrop(preview, target);
      return pick === null ? null : { window: toSource(pick.window, preview, source), confidence: pick.confidence };
    }),
  };
}
