import sharp from 'sharp';
import type { Point, Rect, ScoredBox, Size } from '../geometry/types.js';
import type { OutputFormat } from '../params/vocabulary.js';
import { applyEncoder } from './encode-options.js';
import type { RenderedImage } from './render-image.js';
import { decodeError, decodeOptionsFor, type ImageInput, type SourceInfo } from './source-info.js';
import type { ProbeLimits } from '../config/limits.js';

/** What the overlay draws: the window cut, the focus point and the faces, in source pixels. */
export interface OverlayMarks {
  readonly window: Rect;
  readonly point: Point | null;
  readonly faces: readonly ScoredBox[];
}

export interface DebugRequest {
  readonly input: ImageInput;
  readonly source: SourceInfo;
  /** The box the whole source is fitted inside. */
  readonly box: Size;
  readonly decision: OverlayMarks;
  readonly format: OutputFormat;
  readonly quality: number | undefined;
  readonly limits: ProbeLimits;
}

function svgRect(rect: Rect, scale: number, attributes: string): string {
  const r = (v: number) => (v * scale).toFixed(1);
  return `<rect x="${r(rect.x)}" y="${r(rect.y)}" width="${r(rect.width)}" height="${r(rect.height)}" ${attributes}/>`;
}

/** The overlay: outside of the window dimmed, the window outlined, faces boxed, the focus as a cross-hair. */
function overlaySvg(size: Size, scale: number, decision: OverlayMarks): string {
  const { window, point, faces } = decision;
  const stroke = Math.max(2, Math.round(Math.min(size.width, size.height) / 150));
  const w = (v: number) => (v * scale).toFixed(1);
  const dim = `<path fill="rgba(0,0,0,0.45)" fill-rule="evenodd" d="M0 0H${size.width}V${size.height}H0Z M${w(window.x)} ${w(window.y)}h${w(window.width)}v${w(window.height)}h-${w(window.width)}Z"/>`;
  const parts = [dim, svgRect(window, scale, `fill="none" stroke="#ffd400" stroke-width="${stroke}"`)];
  for (const face of faces) parts.push(svgRect(face, scale, `fill="none" stroke="#00e676" stroke-width="${stroke}"`));
  if (point !== null) {
    const cx = point.x * scale;
    const cy = point.y * scale;
    const r = stroke * 5;
    parts.push(`<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${r}" fill="none" stroke="#ff1744" stroke-width="${stroke}"/>`);
    parts.push(`<path d="M${(cx - r * 1.6).toFixed(1)} ${cy.toFixed(1)}h${(r * 3.2).toFixed(1)}M${cx.toFixed(1)} ${(cy - r * 1.6).toFixed(1)}v${(r * 3.2).toFixed(1)}" stroke="#ff1744" stroke-width="${stroke}"/>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}">${parts.join('')}</svg>`;
}

/**
 * `debug=1`: the whole source, fitted inside the requested box, with the decision drawn over it
 * instead of cropping (like imgix `fp-debug`).
 * @throws unsupported_image when the source cannot be decoded
 */
export async function renderDebug(request: DebugRequest): Promise<RenderedImage> {
  const { source, box } = request;
  const scale = Math.min(box.width / source.width, box.height / source.height);
  const size = { width: Math.max(1, Math.round(source.width * scale)), height: Math.max(1, Math.round(source.height * scale)) };
  try {
    const pipeline = sharp(request.input, decodeOptionsFor(source, request.limits, undefined, 'render'))
      .autoOrient()
      .resize(size.width, size.height, { fit: 'fill' })
      .composite([{ input: Buffer.from(overlaySvg(size, scale, request.decision)), top: 0, left: 0 }]);
    const { data, info } = await applyEncoder(pipeline, request.format, request.quality).toBuffer({ resolveWithObject: true });
    return { data, format: request.format, width: info.width, height: info.height, window: request.decision.window };
  } catch (cause) {
    throw decodeError(cause);
  }
}
