import sharp, { type OutputInfo } from 'sharp';
import { largestWindow } from '../geometry/focal-window.js';
import { clamp, type Rect, type Size } from '../geometry/types.js';
import type { OutputFormat } from '../params/vocabulary.js';
import { applyEncoder } from './encode-options.js';
import { needsBoundedCrop } from './bounded-crop.js';
import { openSource, withTimeout, type OpenSourceRequest } from './open-source.js';
import { planDecodeFor, type CropWindow } from './plan-render.js';
import type { RenderedImage } from './render-image.js';
import { decodeError } from './source-info.js';

/** Above this many scaled pixels the decoded intermediate would cost more memory than the overlap saves. */
const MAX_SCALED_PIXELS = 24_000_000;

interface ScaledSource {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 2 | 3 | 4;
  readonly sx: number;
  readonly sy: number;
}

export interface TwoPassRequest extends OpenSourceRequest {
  readonly output: Size;
  readonly format: OutputFormat;
  readonly quality: number | undefined;
}

/** The scale every cover crop of this output uses: the largest window of its aspect maps onto the output. */
function coverScale(source: Size, output: Size): { sx: number; sy: number; width: number; height: number } {
  const window = largestWindow(source, output);
  const sx = output.width / window.width;
  const sy = output.height / window.height;
  return { sx, sy, width: Math.max(output.width, Math.round(source.width * sx)), height: Math.max(output.height, Math.round(source.height * sy)) };
}

/** Bounded crops (bounded-crop.ts) never scale the whole source, so they take the one-pass path. */
export function canRenderInTwoPasses(source: Size, output: Size): boolean {
  if (needsBoundedCrop(source, output)) return false;
  const { width, height } = coverScale(source, output);
  return width * height <= MAX_SCALED_PIXELS;
}

async function decodeScaled(request: TwoPassRequest): Promise<ScaledSource> {
  const scale = coverScale(request.source, request.output);
  const resize = { width: scale.width, height: scale.height, fit: 'fill' } as const;
  const decoded = await openSource(request, planDecodeFor(request.source, resize, request.decoded !== undefined));
  const { data, info } = await decoded
    .resize(scale.width, scale.height, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels, sx: scale.sx, sy: scale.sy };
}

function windowFromOffsets(scaled: ScaledSource, source: Size, output: Size, info: OutputInfo): Rect {
  const width = Math.min(source.width, Math.round(output.width / scaled.sx));
  const height = Math.min(source.height, Math.round(output.height / scaled.sy));
  return {
    x: clamp(Math.round(Math.abs(info.cropOffsetLeft ?? 0) / scaled.sx), 0, source.width - width),
    y: clamp(Math.round(Math.abs(info.cropOffsetTop ?? 0) / scaled.sy), 0, source.height - height),
    width,
    height,
  };
}

/**
 * Renders a cover crop whose window is still being decided (detection running in a worker):
 * the source is decoded and scaled meanwhile, so the two overlap on separate cores, and only
 * the cheap extract and encode wait for the decision.
 * @throws unsupported_image when the source cannot be decoded
 */
export async function renderCropInTwoPasses<D extends CropWindow>(
  request: TwoPassRequest,
  decision: Promise<D>,
): Promise<{ image: RenderedImage; decision: D }> {
  const scaledPromise = decodeScaled(request).catch((cause: unknown) => {
    throw decodeError(cause);
  });
  // Both are awaited together so a failure of either is never left unhandled.
  const [scaled, decided] = await Promise.all([scaledPromise, decision]);
  const { output, source } = request;
  let pipeline = withTimeout(sharp(scaled.data, { raw: { width: scaled.width, height: scaled.height, channels: scaled.channels } }), request.deadline);
  let window: Rect | null = null;
  if (decided.kind === 'window') {
    window = decided.window;
    const left = clamp(Math.round(window.x * scaled.sx), 0, scaled.width - output.width);
    const top = clamp(Math.round(window.y * scaled.sy), 0, scaled.height - output.height);
    pipeline = pipeline.extract({ left, top, width: output.width, height: output.height });
  } else {
    const { strategy } = decided;
    const position = strategy === 'attention' || strategy === 'entropy' ? sharp.strategy[strategy] : strategy;
    pipeline = pipeline.resize(output.width, output.height, { fit: 'cover', position });
  }
  try {
    const { data, info } = await applyEncoder(pipeline, request.format, request.quality).toBuffer({ resolveWithObject: true });
    return {
      image: { data, format: request.format, width: info.width, height: info.height, window: window ?? windowFromOffsets(scaled, source, output, info) },
      decision: decided,
    };
  } catch (cause) {
    throw decodeError(cause);
  }
}
