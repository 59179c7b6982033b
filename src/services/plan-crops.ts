import { AppError } from '../errors/app-error.js';
import type { Rect, ScoredBox } from '../geometry/types.js';
import { planCrop } from '../render/plan-crop.js';
import { keyVersion, planRendition, renderPipeline } from '../render/plan-rendition.js';
import { canonicalKey } from '../params/canonical-key.js';
import { outputSize, type TransformSpec } from '../params/transform-spec.js';
import type { OutputFormat } from '../params/vocabulary.js';
import { createReadThroughCache } from '../shared/read-through-cache.js';
import type { FileRecord } from '../storage/index.js';
import type { Services } from './create-services.js';
import { readOriginal, storedFaces, storedObjects } from './stored-files.js';

/** What a render of a spec would cut and send, known without encoding or charging anything. */
export interface CropPlan {
  /** What decided the crop (X-Convertly-Focus of the real render). */
  readonly focus: string;
  /** The source window the render shows, in source pixels (X-Convertly-Window of the real render). */
  readonly window: Rect;
  /** Output pixels (after dpr); a side the spec leaves free follows the source's aspect. */
  readonly width: number;
  readonly height: number;
  /** The format a client sending this Accept header would get. */
  readonly format: OutputFormat;
  /** Strategies that fell through, with why. */
  readonly fallbacks: readonly string[];
  /** Indexes (into the stored analysis' faces) of faces the window cuts: part inside, part outside. */
  readonly cutFaces: readonly number[];
}

/** Decisions are deterministic per file, version that matters, and spec: remember a few thousand. */
const plans = createReadThroughCache<Omit<CropPlan, 'format'>>({ maxEntries: 4096, lru: true });

function cutFaces(window: Rect, faces: readonly ScoredBox[]): number[] {
  const cut: number[] = [];
  faces.forEach((face, index) => {
    const left = Math.max(window.x, face.x);
    const right = Math.min(window.x + window.width, face.x + face.width);
    const top = Math.max(window.y, face.y);
    const bottom = Math.min(window.y + window.height, face.y + face.height);
    const inside = Math.max(0, right - left) * Math.max(0, bottom - top);
    const area = face.width * face.height;
    // More than a sliver in and more than a sliver out: the crop slices through the face.
    if (area > 0 && inside > area * 0.1 && inside < area * 0.9) cut.push(index);
  });
  return cut;
}

function shownSize(file: FileRecord, spec: TransformSpec): { width: number; height: number } {
  const size = outputSize(spec);
  if (size.width !== undefined && size.height !== undefined) {
    if (spec.fit === 'cover' || spec.fit === 'fill' || spec.fit === 'contain') return { width: size.width, height: size.height };
    const scale = spec.fit === 'inside' ? Math.min(size.width / file.width, size.height / file.height) : Math.max(size.width / file.width, size.height / file.height);
    return { width: Math.max(1, Math.round(file.width * scale)), height: Math.max(1, Math.round(file.height * scale)) };
  }
  if (size.width !== undefined) return { width: size.width, height: Math.max(1, Math.round((size.width * file.height) / file.width)) };
  if (size.height !== undefined) return { width: Math.max(1, Math.round((size.height * file.width) / file.height)), height: size.height };
  return { width: file.width, height: file.height };
}

/**
 * Plans the crop a render of `spec` would make, without rendering it when the window can be worked out
 * beforehand (focal, fp, compass, face and faces from the stored analysis, smart from smartcrop on a
 * small preview); only a window libvips picks while it resizes (auto, entropy, or a fall-through to
 * them) needs the resize itself, which is done at the spec's size and never encoded for delivery.
 * Nothing is charged: this is what lets the dashboard preview every crop of one charged rendition.
 * @throws not_found (the original vanished), unsupported_image
 */
export async function planStoredCrop(services: Services, file: FileRecord, spec: TransformSpec, accept: string | undefined): Promise<CropPlan> {
  if (spec.debug) throw new AppError('invalid_parameter', 'debug=1 renders cannot be planned; plan the render without it');
  const pipeline = renderPipeline(services);
  // The CDN's own plan: its output-size limit (image_too_large) and its format negotiation.
  const { format } = planRendition({ file, spec, visibility: 'private' }, accept, { limits: services.config.limits, nowSeconds: 0, pipeline });
  const knownFaces = storedFaces(file);
  const faces = knownFaces ?? [];
  // Everything the decision depends on: the spec's geometry, the stored point, faces and objects.
  const knownObjects = storedObjects(file);
  const objects = knownObjects ?? [];
  const inputs = `${file.focal?.x},${file.focal?.y}/${faces.map((f) => `${f.x},${f.y},${f.width},${f.height}`).join(';')}/${objects.map((o) => `${o.label}:${o.box.x},${o.box.y},${o.box.width},${o.box.height}`).join(';')}`;
  const key = `${file.id}/v${keyVersion(file, spec)}/${canonicalKey({ ...spec, format: 'jpeg', quality: undefined }, pipeline)}/${inputs}`;
  const planned = await plans.get(key, async () => {
    const size = shownSize(file, spec);
    const original = await readOriginal(services, file);
    const final = await services.work.run(() =>
      planCrop(original, spec, {
        pool: services.pool,
        storedFocal: file.focal,
        knownFaces,
        // The stored objects, as the real render reads them: a fresh coarse people pass could move smart's window by a pixel.
        knownObjects,
        limits: services.config.limits,
        decoded: pipeline === 2 ? { cache: services.decoded, key: file.blobKey } : undefined,
      }),
    );
    return { focus: final.focus, window: final.window, ...size, fallbacks: final.fallbacks, cutFaces: cutFaces(final.window, faces) };
  });
  return { ...planned, format };
}
