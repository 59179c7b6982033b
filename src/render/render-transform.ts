import { AppError } from '../errors/app-error.js';
import { rectCentre, type ScoredBox, type Size } from '../geometry/types.js';
import type { CropDecision, PlannedDecision } from '../gravity/crop-decision.js';
import { chooseDecision } from '../gravity/choose-decision.js';
import { gravityModeFor } from '../gravity/gravities.js';
import type { GravityContext } from '../gravity/gravity-context.js';
import { outputSize, type TransformSpec } from '../params/transform-spec.js';
import type { NormalisedPoint } from '../geometry/normalised-point.js';
import type { FocusSource, OutputFormat } from '../params/vocabulary.js';
import type { DetectorPool } from '../workers/detector-pool.js';
import { createDetections } from './detections.js';
import { renderDebugTransform } from './render-debug.js';
import { finalDecision, type RenderResult, type RenderTransformOptions } from './render-result.js';
import { CONTENT_TYPES } from '../engine/encode-options.js';
import { negotiateFormat } from '../engine/negotiate-format.js';
import type { DecodedSourceOption } from '../engine/open-source.js';
import { renderImage, type RenderedImage } from '../engine/render-image.js';
import { isAnimated, probeImage, type FrameSelection, type ImageInput, type SourceInfo } from '../engine/source-info.js';
import { planCheckedFrames } from './plan-frames.js';
import { requestedOutputSize } from './requested-output-size.js';
import { DEFAULT_MAX_INPUT_PIXELS, type ProbeLimits } from '../config/limits.js';
import { canRenderInTwoPasses, renderCropInTwoPasses } from '../engine/two-pass-crop.js';
import { isPlain, renderOperations, type RenderOperations } from '../engine/render-operations.js';
import { isUpright, UPRIGHT, orientPoint, orientRect, orientSize, unorientSize, type Orientation } from '../geometry/orientation.js';
import { noUpscaleTarget } from '../geometry/no-upscale.js';
import type { Detections } from '../gravity/gravity-context.js';
import { COMPASS, type Compass } from '../geometry/compass-window.js';
import { isOneOf } from '../shared/is.js';
import type { SharpDecision, WindowDecision } from '../gravity/crop-decision.js';

/** Detections made on the source, reported in the oriented frame the crop is chosen in. */
function orientedDetections(inner: Detections, source: Size, orientation: Orientation): Detections {
  if (isUpright(orientation)) return inner;
  return {
    faces: async () => (await inner.faces()).map((box) => ({ ...orientRect(box, source, orientation), score: box.score })),
    objects: async () => (await inner.objects()).map((o) => ({ ...o, box: orientRect(o.box, source, orientation) })),
    people: async () => (await inner.people()).map((o) => ({ ...o, box: orientRect(o.box, source, orientation) })),
    smartCrop: async () => {
      const pick = await inner.smartCrop();
      return pick === null ? null : { window: orientRect(pick.window, source, orientation), confidence: pick.confidence };
    },
  };
}

/** A stored focal point (placed on the source) as it lands on the oriented image. */
function orientedFocal(point: NormalisedPoint | null | undefined, source: Size, orientation: Orientation): NormalisedPoint | null {
  if (point === null || point === undefined || isUpright(orientation)) return point ?? null;
  const oriented = orientSize(source, orientation);
  const p = orientPoint({ x: point.x * source.width, y: point.y * source.height }, source, orientation);
  return { x: p.x / oriented.width, y: p.y / oriented.height };
}

/** After a trim only libvips can place the crop (the trimmed size is known inside the pipeline alone). */
function trimmedDecision(spec: TransformSpec): SharpDecision {
  const { focus } = spec;
  if (focus.kind === 'gravity' && (focus.name === 'auto' || focus.name === 'entropy')) {
    return { kind: 'sharp', focus: focus.name, strategy: focus.name === 'auto' ? 'attention' : 'entropy', faces: [] };
  }
  // parseTransform allows only compass names besides: the stored focal point is ignored (it was placed untrimmed).
  const compass = (focus.kind === 'gravity' ? focus.name : 'center') as Compass;
  return { kind: 'sharp', focus: compass, strategy: compass, faces: [] };
}

/** A compass window says so, so the engine may let libvips cut it (plan-render.ts placedByLibvips). */
function withCompass(decision: PlannedDecision): PlannedDecision | (WindowDecision & { compass: Compass }) {
  if (decision.kind !== 'window' || !isOneOf(COMPASS, decision.focus)) return decision;
  return { ...decision, compass: decision.focus };
}

/** True when detectors look at the frame analyses and earlier renders looked at (the first): their faces and objects are this frame's. */
function isFirstFrame(frames: FrameSelection): boolean {
  return frames.kind === 'all' || frames.page === 0;
}

/**
 * Renders one TransformSpec: probe → choose the crop (detectors in the worker pool) → one sharp pipeline.
 * An animated GIF or WebP stays animated in gif and webp: the crop is chosen once, on its first frame.
 * @throws unsupported_image, image_too_large, not_found (a missing input path)
 */
export async function renderTransform(input: ImageInput, spec: TransformSpec, options: RenderTransformOptions): Promise<RenderResult> {
  const limits = options.limits ?? { maxInputPixels: DEFAULT_MAX_INPUT_PIXELS };
  const { decoded, deadline } = options;
  const source = options.source ?? (await probeImage(input, limits));
  deadline?.check();
  const format: OutputFormat = negotiateFormat(spec.format, options.accept, source.hasAlpha, isAnimated(source) && spec.frame === undefined);
  // Which frames it decodes, checked against the limits before any frame is.
  const frames = planCheckedFrames(spec, source.pages, source, requestedOutputSize(source, spec), format, limits);
  // Detectors look at one frame: the one asked for, or an animation's first (its window then serves every frame).
  const frame = frames.kind === 'page' ? frames : undefined;
  const size = outputSize(spec);
  const done = (image: RenderedImage, decision: CropDecision): RenderResult => ({ ...image, contentType: CONTENT_TYPES[format], decision });
  const operations: RenderOperations = renderOperations(spec, format);
  if (operations.mark !== undefined && options.mark === undefined && !spec.debug) {
    throw new AppError('invalid_parameter', 'mark= names a stored file of a workspace: render it through the server, or pass the mark image as the `mark` option', {
      details: { parameter: 'mark' },
    });
  }
  const base = { input, source, format, quality: spec.quality, limits, decoded, deadline, operations, mark: options.mark, frames };

  if (size.width === undefined || size.height === undefined || spec.fit !== 'cover') {
    if (spec.debug) return renderDebugTransform({ input, source, spec, options, format, limits, crop: null });
    const image = await renderImage({ ...base, shape: { kind: 'resize', width: size.width, height: size.height, fit: spec.fit } });
    return done(image, finalDecision(null, image, []));
  }
  // Crops are chosen on the oriented image (EXIF, then rot/flip): gravity, fp and windows all refer to it.
  // debug=1 draws over the unturned source, so it plans in that frame.
  const orientation = spec.debug ? UPRIGHT : operations.orientation;
  const oriented = orientSize(source, orientation);
  const requested: Size = { width: size.width, height: size.height };
  const target: Size = operations.upscale ? requested : noUpscaleTarget(oriented, requested);
  if (operations.trim !== undefined) {
    const decision = trimmedDecision(spec);
    const image = await renderImage({ ...base, shape: { kind: 'crop', output: target, decision } });
    return done(image, finalDecision(decision, image, []));
  }
  const context: GravityContext = {
    source: oriented,
    target,
    fp: spec.focus.kind === 'point' ? spec.focus.point : undefined,
    storedFocal: orientedFocal(options.storedFocal, source, orientation),
    detections: orientedDetections(
      createDetections({ input, source, target: unorientSize(target, orientation), pool: options.pool, limits, ...(isFirstFrame(frames) ? { knownFaces: options.knownFaces, knownObjects: options.knownObjects, memo: options.detectionMemo } : {}), deadline, frame }),
      source,
      orientation,
    ),
  };
  if (spec.debug) return renderDebugTransform({ input, source, spec, options, format, limits, crop: { target, context } });
  const decided = chooseDecision(spec.focus, context, options.onDetectorError);
  // Detectors run in worker threads that cannot be stopped midway; the render stops waiting for them.
  const chosen = deadline === undefined ? decided : deadline.race(decided);
  if (gravityModeFor(spec.focus).needsPixels && isPlain(operations) && frames.kind === 'page' && canRenderInTwoPasses(source, target)) {
    const request = { input, source, output: target, format, quality: spec.quality, limits, decoded, deadline, frames };
    const { image, decision } = await renderCropInTwoPasses(request, chosen.then((c) => c.decision));
    return done(image, finalDecision(decision, image, (await chosen).fallbacks));
  }
  const { decision, fallbacks } = await chosen;
  const image = await renderImage({ ...base, shape: { kind: 'crop', output: target, decision: withCompass(decision) } });
  return done(image, finalDecision(decision, image, fallbacks));
}
