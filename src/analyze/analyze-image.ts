import { FACE_SCAN_DEFAULTS } from '../detect/face-scan-plan.js';
import { FINE_SCAN_DEFAULTS, wantsFineScan } from '../detect/fine-face-scan.js';
import { loadPreview, previewSize, shrinkPreview, type PreviewPixels } from '../engine/preview.js';
import { probeImage, type ImageInput, type SourceInfo } from '../engine/source-info.js';
import { DEFAULT_MAX_INPUT_PIXELS, type ProbeLimits } from '../config/limits.js';
import { anchoredWindow } from '../geometry/anchored-window.js';
import { focalWindow, toNormalisedPoint, toSourcePoint } from '../geometry/focal-window.js';
import { mapRect } from '../geometry/map-rect.js';
import { rectCentre, type Point, type ScoredBox } from '../geometry/types.js';
import type { DetectorPool } from '../workers/detector-pool.js';
import { scanFaces } from '../workers/scan-faces.js';
import { SUGGESTED_ASPECTS, type AnalyzedObject, type AnalyzeResult, type FocalSource, type SuggestedAspect } from './analyze-result.js';

export interface AnalyzeOptions {
  readonly pool: DetectorPool;
  readonly limits?: ProbeLimits;
  /** The header, when the caller already probed it. */
  readonly source?: SourceInfo;
}

/** Under this, smartcrop saw no subject at all (single colour, blank): the centre is as good a guess. */
const MIN_SMART_CONFIDENCE = 0.01;

function suggestedPoint(
  source: SourceInfo,
  faces: readonly ScoredBox[],
  smart: { x: number; y: number; confidence: number } | null,
): { point: Point; confidence: number; source: FocalSource } {
  const best = faces[0];
  if (best !== undefined) return { point: toNormalisedPoint(source, rectCentre(best)), confidence: best.score, source: 'face' };
  if (smart !== null && smart.confidence >= MIN_SMART_CONFIDENCE) {
    return { point: { x: smart.x, y: smart.y }, confidence: Math.round(smart.confidence * 1000) / 1000, source: 'smart-crop' };
  }
  return { point: { x: 0.5, y: 0.5 }, confidence: 0, source: 'center' };
}

/**
 * The previews analyze feeds its detectors: the coarse one, and the fine face pass's when the source
 * is large enough for one (see wantsFineScan).
 */
export async function analyzePreviews(input: ImageInput, source: SourceInfo, limits: ProbeLimits): Promise<{ preview: PreviewPixels; fine: PreviewPixels | null }> {
  const load = (maxSide: number) => loadPreview(input, source, { maxSide, channels: 3, limits });
  // One decode: the fine face pass's preview, when the source is large enough to have one, and the
  // coarse preview resampled from its pixels (2 ms, where its own decode took 9). The fine pass heads
  // the longest chain of work (fine pass, then second looks), so scanFaces queues it before anything
  // else: decoded beside the coarse preview and the coarse tasks, its preview took 35 ms instead of
  // 18–25. (Both previews are lanczos3: a linear resample of the fine one lost two of bench:quality's
  // 33 faces of 4–8 %.)
  const fine = wantsFineScan(source) ? await load(FINE_SCAN_DEFAULTS.previewSide) : null;
  const coarseSize = previewSize(source, FACE_SCAN_DEFAULTS.previewSide);
  const preview = fine === null ? await load(FACE_SCAN_DEFAULTS.previewSide) : await shrinkPreview(fine, coarseSize);
  return { preview, fine };
}

/**
 * Finds faces, a focal point, suggested crops, a palette and a placeholder in one pass: the image
 * is decoded once, into the previews that feed every detector in the worker pool.
 * @throws unsupported_image, image_too_large, not_found (a missing input path)
 */
export async function analyzeImage(input: ImageInput, options: AnalyzeOptions): Promise<AnalyzeResult> {
  const limits = options.limits ?? { maxInputPixels: DEFAULT_MAX_INPUT_PIXELS };
  const source = options.source ?? (await probeImage(input, limits));
  const { preview, fine } = await analyzePreviews(input, source, limits);
  const faceScan = scanFaces(options.pool, preview, fine);
  const described = options.pool.describe(preview);
  const detected = options.pool.objects(preview);
  const [found, description, objectsFound] = await Promise.all([faceScan, described, detected]);
  const faces = found.map((box): ScoredBox => ({ ...mapRect(box, preview, source), score: box.score }));
  const objects = objectsFound.map(({ label, box, score }): AnalyzedObject => ({ label, box: mapRect(box, preview, source), score }));
  const suggested = suggestedPoint(source, faces, description.smart);
  const centre = toSourcePoint(source, suggested.point);
  const crops = {} as Record<SuggestedAspect, ReturnType<typeof focalWindow>>;
  for (const [name, [w, h]] of Object.entries(SUGGESTED_ASPECTS) as [SuggestedAspect, readonly [number, number]][]) {
    const aspect = { width: w, height: h };
    // With faces, each crop is what gravity=face cuts at that aspect: the best face and as many others as fit.
    crops[name] = anchoredWindow(source, aspect, faces)?.window ?? focalWindow(source, aspect, centre);
  }
  return {
    width: source.width,
    height: source.height,
    focal: { suggested: { ...suggested.point, confidence: suggested.confidence, source: suggested.source }, crop: crops['1:1'], crops },
    faces,
    objects,
    palette: description.palette,
    placeholder: description.placeholder,
  };
}
