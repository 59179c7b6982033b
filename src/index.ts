/**
 * The Convertly engine for Node programs, without the server:
 * `import { render } from 'convertly'`.
 */
import { probeImage, type ImageInput } from './engine/source-info.js';
import type { ProbeLimits } from './config/limits.js';
import { analyzeImage } from './analyze/analyze-image.js';
import type { AnalyzeResult } from './analyze/analyze-result.js';
import { renderTransform } from './render/render-transform.js';
import type { RenderResult } from './render/render-result.js';
import { parseTransform, type RawQuery } from './params/parse-transform.js';
import type { TransformSpec } from './params/transform-spec.js';
import type { NormalisedPoint } from './geometry/normalised-point.js';
import { createLazyDetectorPool } from './workers/lazy-detector-pool.js';
import { toRawQuery, type RenderParamsInput } from './params/render-params.js';
import { renderDeadline } from './render/render-deadline.js';

export { AppError, type ErrorCode } from './errors/app-error.js';
export { parseTransform, type RawQuery } from './params/parse-transform.js';
export { canonicalKey, canonicalQuery } from './params/canonical-key.js';
export type { TransformSpec } from './params/transform-spec.js';
export type { RenderParams, RenderParamsInput } from './params/render-params.js';
export type { Focus } from './params/focus.js';
export type { NormalisedPoint } from './geometry/normalised-point.js';
export type { RenderResult } from './render/render-result.js';
export type { AnalyzeResult } from './analyze/analyze-result.js';
export { signUrl } from './client/sign-url.js';
export type { CropDecision } from './gravity/crop-decision.js';
export type { Rect, Point, Size, ScoredBox } from './geometry/types.js';

const pool = createLazyDetectorPool();

export interface RenderOptions {
  /** An Accept header, for `f=auto`. */
  readonly accept?: string;
  readonly storedFocal?: NormalisedPoint | null;
  readonly limits?: ProbeLimits;
  /** Stop a render that runs longer than this (milliseconds): it rejects with render_timeout. No limit by default. */
  readonly timeoutMs?: number;
  /** The watermark image (a path or bytes) that `mark=` draws; `mark` itself then only needs to be present. */
  readonly mark?: ImageInput;
}

/**
 * Renders an image (a path or bytes) with the CDN's parameters, returning the bytes and the crop decision.
 * Parameters as an object (`{ w: 300, gravity: 'face' }`, numbers or strings), a query string
 * (`'w=300&gravity=face'`), URLSearchParams, or a parsed TransformSpec.
 * Detector threads start on first use; call `close()` to let the process exit.
 * @throws AppError invalid_parameter, unsupported_image, image_too_large, render_timeout
 */
export async function render(input: ImageInput, params: RenderParamsInput | TransformSpec, options: RenderOptions = {}): Promise<RenderResult> {
  const spec = isSpec(params) ? params : parseTransform(toRawQuery(params), { defaultFormat: 'auto' });
  const { timeoutMs, mark, ...rest } = options;
  const markImage = mark === undefined ? undefined : await probeImage(mark, options.limits);
  return renderTransform(input, spec, {
    pool,
    ...rest,
    deadline: timeoutMs === undefined ? undefined : renderDeadline(timeoutMs),
    mark: markImage === undefined ? undefined : { image: { key: 'mark', width: markImage.width, height: markImage.height, label: 'the mark option', load: async () => mark! } },
  });
}

/**
 * Analyses an image once: faces, the suggested focal point and crops, palette and placeholder (SPEC §2).
 * @throws AppError unsupported_image, image_too_large, not_found
 */
export async function analyze(input: ImageInput, options: { limits?: ProbeLimits } = {}): Promise<AnalyzeResult> {
  return analyzeImage(input, { pool, ...options });
}

/** Stops the detector threads. */
export function close(): Promise<void> {
  return pool.destroy();
}

function isSpec(value: RenderParamsInput | TransformSpec): value is TransformSpec {
  if (typeof value === 'string' || value instanceof URLSearchParams) return false;
  return typeof (value as TransformSpec).dpr === 'number' && typeof (value as TransformSpec).debug === 'boolean' && typeof (value as TransformSpec).focus === 'object';
}
