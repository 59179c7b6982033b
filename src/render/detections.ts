import type { RawPixels } from '../detect/pixels.js';
import { mapRect } from '../geometry/map-rect.js';
import type { DetectedObject, ScoredBox, Size } from '../geometry/types.js';
import type { Detections, SmartPick } from '../gravity/gravity-context.js';
import { FACE_SCAN_DEFAULTS } from '../detect/face-scan-plan.js';
import { OBJECT_DEFAULTS } from '../detect/objects.js';
import type { DetectorPool } from '../workers/detector-pool.js';
import type { DetectionMemoEntry } from './detection-memo.js';
import { scanFaces } from '../workers/scan-faces.js';
import { loadPreview } from '../engine/preview.js';
import type { FrameSelection, ImageInput, SourceInfo } from '../engine/source-info.js';
import type { ProbeLimits } from '../config/limits.js';
import type { Deadline } from '../shared/deadline.js';

/** Preview sizes fed to each detector (long side, pixels). */
export const PREVIEW_SIDES = {
  /** See FACE_SCAN_DEFAULTS: the scale at which the labelled sample faces are found. */
  faces: FACE_SCAN_DEFAULTS.previewSide,
  /** smartcrop scores at ~256 px in its own defaults; more pixels cost time and change little. */
  smartcrop: 256,
  /** The object detector's input for people(): see OBJECT_DEFAULTS.coarseSide. */
  people: OBJECT_DEFAULTS.coarseSide,
} as const;

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
  /** Faces already found for this image (a stored analysis): no detection runs at all. */
  readonly knownFaces?: readonly ScoredBox[] | undefined;
  /** Objects already found for this image (a stored analysis that has them): the object detector does not run. */
  readonly knownObjects?: readonly DetectedObject[] | undefined;
  /** Detections of earlier renders of this original: reused, and this render's are added. */
  readonly memo?: DetectionMemoEntry | undefined;
  readonly deadline?: Deadline | undefined;
  /** The one frame of an animation detectors look at (the first when absent): every frame gets the crop it decides. */
  readonly frame?: FrameSelection | undefined;
}

/** The memo's answer when it has one; else `detect`'s, kept in the memo unless it fails (a failure is not remembered). */
function remembered<K extends keyof DetectionMemoEntry>(memo: DetectionMemoEntry | undefined, kind: K, detect: () => NonNullable<DetectionMemoEntry[K]>): NonNullable<DetectionMemoEntry[K]> {
  if (memo === undefined) return detect();
  const known = memo[kind];
  if (known !== undefined) return known as NonNullable<DetectionMemoEntry[K]>;
  const found = detect();
  memo[kind] = found;
  found.catch(() => {
    if (memo[kind] === found) delete memo[kind];
  });
  return found;
}

/** Detectors for one render, each run at most once, on sharp-made previews, in the worker pool. */
export function createDetections(options: DetectionsOptions): Detections {
  const { input, source, target, pool, limits, deadline, frame } = options;
  let facePreviewStarted = false;
  const facePreview = once(() => {
    facePreviewStarted = true;
    return loadPreview(input, source, { maxSide: PREVIEW_SIDES.faces, channels: 3, limits, deadline, frame });
  });
  // smartcrop alone decodes a smaller preview; after a face scan (face → smart) it reuses the
  // face preview, which the worker shrinks, rather than decoding the source a second time.
  const smartPreview = once(() =>
    facePreviewStarted ? facePreview() : loadPreview(input, source, { maxSide: PREVIEW_SIDES.smartcrop, channels: 3, limits, deadline, frame }),
  );
  const memo = options.memo;
  const detectObjects = async (inputSide?: number): Promise<readonly DetectedObject[]> => {
    const preview = await facePreview();
    const found = await pool.objects(preview satisfies RawPixels, inputSide === undefined ? undefined : { inputSide });
    return found.map((o): DetectedObject => ({ label: o.label, score: o.score, box: mapRect(o.box, preview, source) }));
  };
  return {
    // A stored analysis wins over the memo: it may have been saved after the memo was filled.
    faces: once(() =>
      options.knownFaces !== undefined ? Promise.resolve(options.knownFaces) : remembered(memo, 'faces', async () => {
        const preview = await facePreview();
        // The coarse scan (with its second look) only: the fine scan for small faces (an 896 px decode
        // and pass, about 120–160 ms of CPU for a 1920 px photo) belongs in analyze (run once, stored, reused
        // by every render), not in a render miss. An analysed file renders from its stored faces, small ones included.
        const boxes = await scanFaces(pool, preview satisfies RawPixels);
        return boxes.map((box): ScoredBox => ({ ...mapRect(box, preview, source), score: box.score }));
      }),
    ),
    // The object detector shrinks the face preview itself (to 416 px), so a smart render decodes once.
    objects: once(() =>
      options.knownObjects !== undefined ? Promise.resolve(options.knownObjects) : remembered(memo, 'objects', () => detectObjects()),
    ),
    // A full object list already at hand is better than the coarse pass, and costs nothing.
    people: once(() =>
      options.knownObjects !== undefined ? Promise.resolve(options.knownObjects) : (memo?.objects ?? remembered(memo, 'people', () => detectObjects(PREVIEW_SIDES.people))),
    ),
    smartCrop: once(async (): Promise<SmartPick | null> => {
      const preview = await smartPreview();
      const pick = await pool.smartCrop(preview, target);
      return pick === null ? null : { window: mapRect(pick.window, pick.size, source), confidence: pick.confidence };
    }),
  };
}
