import sharp, { type OverlayOptions } from 'sharp';
import { AppError } from '../errors/app-error.js';
import { compassAnchor } from '../geometry/compass-window.js';
import { markPlacement, type MarkLayout } from '../geometry/mark-placement.js';
import type { Rect, Size } from '../geometry/types.js';
import type { ProbeLimits } from '../config/limits.js';
import type { Mark } from '../params/mark.js';
import { ByteLru } from '../shared/byte-lru.js';
import type { Deadline } from '../shared/deadline.js';
import { withTimeout } from './open-source.js';
import { decodeOptions, type ImageInput } from './source-info.js';

/**
 * The image a watermark is drawn from: its size after EXIF orientation (known from its file record, so the
 * layout is planned without reading it), a name for its bytes (a blob key: new bytes, new name), and how to
 * read them, called only when its resized pixels are not cached.
 */
export interface MarkImage {
  readonly key: string;
  readonly width: number;
  readonly height: number;
  /** Names the mark in an error (`mark=` as the URL wrote it). */
  readonly label: string;
  load(): Promise<ImageInput>;
}

/** A spec's mark in output pixels: what the engine lays out. */
export interface MarkStep {
  readonly layout: MarkLayout;
  /** Opacity 0–100. */
  readonly alpha: number;
}

/** The mark's layout at a device pixel ratio: padding and its own size scale with it, as `w` and `pad` do. */
export function markStep(mark: Mark, dpr: number): MarkStep {
  const [x, y] = mark.position.kind === 'compass' ? compassAnchor(mark.position.name) : [mark.position.point.x, mark.position.point.y];
  return {
    layout: { widthFraction: mark.width, scale: dpr, anchor: { x, y }, pad: { x: Math.round(mark.pad.x * dpr), y: Math.round(mark.pad.y * dpr) } },
    alpha: mark.alpha,
  };
}

/** A mark resized for one layout, as 8-bit RGBA with its opacity applied: what composite() draws. */
interface MarkPixels {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
}

/**
 * Resized marks, by mark bytes, size and opacity: a mark is usually one logo drawn at a few sizes over many
 * renders, so it is resized once per size instead of once per render. Concurrent misses resize once.
 */
export interface MarkCache {
  get(id: string, make: () => Promise<MarkPixels>): Promise<MarkPixels>;
}

export function createMarkCache(maxBytes: number): MarkCache {
  const kept = new ByteLru<MarkPixels>(maxBytes);
  const inflight = new Map<string, Promise<MarkPixels>>();
  return {
    get(id, make) {
      const hit = kept.get(id) ?? inflight.get(id);
      if (hit !== undefined) return Promise.resolve(hit);
      const made = make()
        .then((pixels) => {
          if (pixels.data.byteLength <= maxBytes) kept.set(id, pixels, pixels.data.byteLength);
          return pixels;
        })
        .finally(() => inflight.delete(id));
      inflight.set(id, made);
      return made;
    },
  };
}

/** What a render needs to draw its mark: the image, where resized marks are kept, and the render's limits. */
export interface MarkRequest {
  readonly image: MarkImage;
  readonly step: MarkStep;
  readonly cache?: MarkCache | undefined;
  readonly limits: ProbeLimits;
  readonly deadline?: Deadline | undefined;
}

async function resizeMark(request: MarkRequest, size: Size): Promise<MarkPixels> {
  const { image, limits, deadline } = request;
  try {
    const { data, info } = await withTimeout(sharp(await image.load(), decodeOptions(limits)), deadline)
      .autoOrient()
      .resize(size.width, size.height, { fit: 'fill' })
      .ensureAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 4) throw new Error(`a mark decoded to ${info.channels} channels`);
    const alpha = request.step.alpha;
    // sharp's composite has no opacity: the mark's own alpha is scaled, so transparent marks keep their shape.
    if (alpha < 100) for (let i = 3; i < data.length; i += 4) data[i] = Math.round((data[i]! * alpha) / 100);
    return { data, width: info.width, height: info.height };
  } catch (cause) {
    if (cause instanceof AppError || (cause instanceof Error && cause.message.startsWith('timeout:'))) throw cause;
    throw new AppError('invalid_parameter', `The mark ${image.label} is not an image that can be drawn (mark=): ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
      details: { parameter: 'mark' },
    });
  }
}

/** Where the mark lands on an output of `canvas`'s size. */
export function markRect(request: Pick<MarkRequest, 'image' | 'step'>, canvas: Size): Rect {
  return markPlacement(canvas, { width: request.image.width, height: request.image.height }, request.step.layout);
}

/**
 * The composite() layer that draws the mark on an output of `canvas`'s size, its pixels resized once per
 * size and opacity (cached when a cache is given).
 * @throws invalid_parameter naming `mark` when its bytes cannot be decoded
 */
export async function markOverlay(request: MarkRequest, canvas: Size): Promise<OverlayOptions> {
  const rect = markRect(request, canvas);
  const make = () => resizeMark(request, rect);
  const id = `${rect.width}x${rect.height}a${request.step.alpha}:${request.image.key}`;
  const pixels = request.cache === undefined ? await make() : await request.cache.get(id, make);
  return { input: pixels.data, raw: { width: pixels.width, height: pixels.height, channels: 4 }, left: rect.x, top: rect.y };
}
