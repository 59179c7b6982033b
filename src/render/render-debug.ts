import { renderDebug } from '../engine/debug-overlay.js';
import { CONTENT_TYPES } from '../engine/encode-options.js';
import { renderImage } from '../engine/render-image.js';
import type { ImageInput, SourceInfo } from '../engine/source-info.js';
import type { ProbeLimits } from '../config/limits.js';
import type { Size } from '../geometry/types.js';
import { chooseDecision } from '../gravity/choose-decision.js';
import type { CropDecision } from '../gravity/crop-decision.js';
import type { GravityContext } from '../gravity/gravity-context.js';
import { outputSize, type TransformSpec } from '../params/transform-spec.js';
import type { OutputFormat } from '../params/vocabulary.js';
import { finalDecision, type RenderResult, type RenderTransformOptions } from './render-result.js';

/** The box a debug render is fitted inside when the request names no size. */
const DEBUG_BOX = 1200;

export interface DebugTransformRequest {
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
export async function renderDebugTransform({ input, source, spec, options, format, limits, crop }: DebugTransformRequest): Promise<RenderResult> {
  const size = outputSize(spec);
  const box = { width: size.width ?? size.height ?? DEBUG_BOX, height: size.height ?? size.width ?? DEBUG_BOX };
  let decision: CropDecision = { focus: 'center', point: null, window: { x: 0, y: 0, width: source.width, height: source.height }, faces: [], fallbacks: [] };
  if (crop !== null) {
    const chosen = await chooseDecision(spec.focus, crop.context, options.onDetectorError);
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
