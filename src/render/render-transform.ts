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
import { probeImage, type ImageInput, type SourceInfo } from '../engine/source-info.js';
import { DEFAULT_MAX_INPUT_PIXELS, type ProbeLimits } from '../config/limits.js';
import { canRenderInTwoPasses, renderCropInTwoPasses } from '../engine/two-pass-crop.js';

/**
 * Renders one TransformSpec: probe → choose the crop (detectors in the worker pool) → one sharp pipeline.
 * @throws unsupported_image, image_too_large, not_found (a missing input path)
 */
export async function renderTransform(input: ImageInput, spec: TransformSpec, options: RenderTransformOptions): Promise<RenderResult> {
  const limits = options.limits ?? { maxInputPixels: DEFAULT_MAX_INPUT_PIXELS };
  const decoded = options.decoded;
  const source = options.source ?? (await probeImage(input, limits));
  const format: OutputFormat = negotiateFormat(spec.format, options.accept, source.hasAlpha);
  const size = outputSize(spec);
  const done = (image: RenderedImage, decision: CropDecision): RenderResult => ({ ...image, contentType: CONTENT_TYPES[format], decision });

  if (size.width === undefined || size.height === undefined || spec.fit !== 'cover') {
    if (spec.debug) return renderDebugTransform({ input, source, spec, options, format, limits, crop: null });
    const image = await renderImage({ input, source, format, quality: spec.quality, limits, decoded, shape: { kind: 'resize', width: size.width, height: size.height, fit: spec.fit } });
    return done(image, finalDecision(null, image, []));
  }
  const target: Size = { width: size.width, height: size.height };
  const context: GravityContext = {
    source,
    target,
    fp: spec.focus.kind === 'point' ? spec.focus.point : undefined,
    storedFocal: options.storedFocal ?? null,
    detections: createDetections({ input, source, target, pool: options.pool, limits, knownFaces: options.knownFaces, knownObjects: options.knownObjects }),
  };
  if (spec.debug) return renderDebugTransform({ input, source, spec, options, format, limits, crop: { target, context } });
  const chosen = chooseDecision(spec.focus, context, options.onDetectorError);
  if (gravityModeFor(spec.focus).needsPixels && canRenderInTwoPasses(source, target)) {
    const request = { input, source, output: target, format, quality: spec.quality, limits, decoded };
    const { image, decision } = await renderCropInTwoPasses(request, chosen.then((c) => c.decision));
    return done(image, finalDecision(decision, image, (await chosen).fallbacks));
  }
  const { decision, fallbacks } = await chosen;
  const image = await renderImage({ input, source, format, quality: spec.quality, limits, decoded, shape: { kind: 'crop', output: target, decision } });
  return done(image, finalDecision(decision, image, fallbacks));
}
