import { chooseDecision } from '../gravity/choose-decision.js';
import type { GravityContext } from '../gravity/gravity-context.js';
import type { CropDecision } from '../gravity/crop-decision.js';
import { outputSize, type TransformSpec } from '../params/transform-spec.js';
import { DEFAULT_MAX_INPUT_PIXELS } from '../config/limits.js';
import { probeImage, type ImageInput } from '../engine/source-info.js';
import { createDetections } from './detections.js';
import { finalDecision, type RenderTransformOptions } from './render-result.js';
import { renderTransform } from './render-transform.js';

/**
 * The crop a render of `spec` makes (renderTransform's decision), without encoding an image whenever the
 * window is known before the resize: focal, fp, compass, face and faces (from `knownFaces`), smart
 * (smartcrop on its small preview). A window that libvips picks while it resizes (auto, entropy, or a
 * chain that falls through to attention) is only known from the resize itself, so that one case runs the
 * render's own path at the spec's size and keeps only the decision.
 * @throws unsupported_image, image_too_large
 */
export async function planCrop(input: ImageInput, spec: TransformSpec, options: RenderTransformOptions): Promise<CropDecision> {
  const limits = options.limits ?? { maxInputPixels: DEFAULT_MAX_INPUT_PIXELS };
  const source = options.source ?? (await probeImage(input, limits));
  const size = outputSize(spec);
  if (size.width === undefined || size.height === undefined || spec.fit !== 'cover') {
    return { focus: 'center', point: null, window: { x: 0, y: 0, width: source.width, height: source.height }, faces: [], fallbacks: [] };
  }
  const target = { width: size.width, height: size.height };
  const context: GravityContext = {
    source,
    target,
    fp: spec.focus.kind === 'point' ? spec.focus.point : undefined,
    storedFocal: options.storedFocal ?? null,
    detections: createDetections({ input, source, target, pool: options.pool, limits, knownFaces: options.knownFaces, knownObjects: options.knownObjects }),
  };
  const { decision, fallbacks } = await chooseDecision(spec.focus, context, options.onDetectorError);
  if (decision.kind === 'window') return finalDecision(decision, { window: decision.window }, fallbacks);
  // The mark is drawn after the crop and never moves the window: it is left out of the throwaway render.
  const unmarked = { ...spec, operations: { ...spec.operations, mark: undefined }, format: 'jpeg' as const, quality: 30, debug: false };
  const rendered = await renderTransform(input, unmarked, { ...options, source });
  return rendered.decision;
}
