import { rectCentre, type ScoredBox, type Size } from '../geometry/types.js';
import type { CropDecision, PlannedDecision } from '../gravity/crop-decision.js';
import { chooseDecision } from '../gravity/choose-decision.js';
import type { GravityContext } from '../gravity/gravity-context.js';
import { outputSize, type TransformSpec } from '../params/transform-spec.js';
import type { NormalisedPoint } from '../geometry/normalised-point.js';
import type { FocusSource, OutputFormat } from '../params/vocabulary.js';
import type { DetectorPool } from '../workers/detector-pool.js';
import { createDetections } from './detections.js';
import { renderDebug } from '../engine/debug-overlay.js';
import { CONTENT_TYPES } from '../engine/encode-options.js';
import { negotiateFormat } from '../engine/negotiate-format.js';
import type { DecodedSourceOption } from '../engine/open-source.js';
import { renderImage, type RenderedImage } from '../engine/render-image.js';
import { probeImage, type ImageInput, type SourceInfo } from '../engine/source-info.js';
import { DEFAULT_MAX_INPUT_PIXELS, type ProbeLimits } from '../config/limits.js';
import { canRenderInTwoPasses, renderCropInTwoPasses } from '../engine/two-pass-crop.js';

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
  /** Called when a detector fails and the chain falls through (the render still succeeds). */
  readonly onDetectorError?: (error: unknown, strategy: string) => void;
  /**
   * Keep and reuse the source's decoded intermediate here (open-source.ts). With it, eligible renders go
   * through the intermediate whether or not it is held; without it, every render is one fused pipeline.
   */
  readonly decoded?: DecodedSourceOption | undefined;
}

export interface RenderResult extends RenderedImage {
  readonly contentType: string;
  readonly decision: CropDecision;
}

const DETECTING = new Set(['face', 'faces', 'smart']);
/** The box a debug render is fitted inside when the request names no size. */
const DEBUG_BOX = 1200;

function finalDecision(planned: PlannedDecision | null, image: Pick<RenderedImage, 'window'>, fallbacks: string[]): CropDecision {
  const window = image.window;
  if (planned === null) return { focus: 'center', point: null, window, faces: [], fallbacks };
  const point = planned.kind === 'window' && planned.point !== null ? planned.point : rectCentre(window);
  return { focus: planned.focus satisfies FocusSource, point, window, faces: planned.faces, fallbacks };
}

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
    if (spec.debug) return debug({ input, source, spec, options, format, limits, crop: null });
    const image = await renderImage({ input, source, format, quality: spec.quality, limits, decoded, shape: { kind: 'resize', width: size.width, height: size.height, fit: spec.fit } });
    return done(image, finalDecision(null, image, []));
  }
  const target: Size = { width: size.width, height: size.height };
  const context: GravityContext = {
    source,
    target,
    fp: spec.fp,
    storedFocal: options.storedFocal ?? null,
    detections: createDetections({ input, source, target, pool: options.pool, limits, knownFaces: options.knownFaces }),
  };
  if (spec.debug) return debug({ input, source, spec, options, format, limits, crop: { target, context } });
  const chosen = chooseDecision(spec.gravity, context, options.onDetectorError);
  const detects = spec.fp === undefined && spec.gravity !== undefined && DETECTING.has(spec.gravity);
  if (detects && canRenderInTwoPasses(source, target)) {
    const request = { input, source, output: target, format, quality: spec.quality, limits, decoded };
    const { image, decision } = await renderCropInTwoPasses(request, chosen.then((c) => c.decision));
    return done(image, finalDecision(decision, image, (await chosen).fallbacks));
  }
  const { decision, fallbacks } = await chosen;
  const image = await renderImage({ input, source, format, quality: spec.quality, limits, decoded, shape: { kind: 'crop', output: target, decision } });
  return done(image, finalDecision(decision, image, fallbacks));
}

interface DebugRequest {
  readonly input: ImageInput;
  readonly source: SourceInfo;
  readonly spec: TransformSpec;
  readonly options: RenderTransformOptions;
  readonly format: OutputFormat;
  readonly limits: ProbeLimits;
  /** The crop the request would cut; null when it would not crop (one side, or a non-cover fit). */
  readonly crop: { readonly target: Size; readonly context: GravityContext } | null;
}

/** `debug=1`: the decision a real render would make, drawn over the whole source (faces always detected, to be drawn). */
async function debug({ input, source, spec, options, format, limits, crop }: DebugRequest): Promise<RenderResult> {
  const size = outputSize(spec);
  const box = { width: size.width ?? size.height ?? DEBUG_BOX, height: size.height ?? size.width ?? DEBUG_BOX };
  let decision: CropDecision = { focus: 'center', point: null, window: { x: 0, y: 0, width: source.width, height: source.height }, faces: [], fallbacks: [] };
  if (crop !== null) {
    const chosen = await chooseDecision(spec.gravity, crop.context, options.onDetectorError);
    const planned = chosen.decision;
    // libvips picks its window while it resizes, so a cheap real render is the only way to learn it.
    const window = planned.kind === 'window'
      ? planned.window
      : (await renderImage({ input, source, format, quality: undefined, limits, decoded: options.decoded, shape: { kind: 'crop', output: crop.target, decision: planned } })).window;
    const faces = await crop.context.detections.faces().catch(() => []);
    decision = { ...finalDecision(planned, { window }, chosen.fallbacks), faces };
  }
  const image = await renderDebug({ input, source, box, decision, format, quality: spec.quality, limits });
  return { ...image, contentType: CONTENT_TYPES[format], decision };
}
