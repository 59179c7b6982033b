import { AppError } from '../errors/app-error.js';
import { negotiateFormat } from '../engine/negotiate-format.js';
import { gravityModeFor } from '../gravity/gravities.js';
import { canonicalKey, type RenderPipeline } from '../params/canonical-key.js';
import { outputSize, type TransformSpec } from '../params/transform-spec.js';
import { planCheckedFrames } from './plan-frames.js';
import { requestedOutputSize } from './requested-output-size.js';
import type { OutputFormat } from '../params/vocabulary.js';
import { renditionKey, type FileRecord, type RenditionEntry } from '../storage/index.js';

/** Who may read a render from another origin's page: any origin, or only the one a delivery key is limited to. */
export type CrossOrigin = { readonly kind: 'any' } | { readonly kind: 'origin'; readonly origin: string };

/** The file a request may render, how shared caches may keep the result, and until when (a signature's `expires`). */
export interface RenderGrant {
  readonly file: FileRecord;
  /**
   * Who may keep the bytes: any cache (`public`), only the caller's browser (`private`: API keys, sessions),
   * or the browser of a page on an allowed origin (`origin-limited`: a delivery key limited to origins, whose
   * answer a shared cache must not hand to other sites; sent `private` with `Vary: Origin`).
   */
  readonly visibility: 'public' | 'private' | 'origin-limited';
  /**
   * CORS: absent means any origin for a public render (open mode, delivery keys, signatures) and none for a
   * private one (an API key or session: those pages are the dashboard's or a server's, never a browser on another site).
   */
  readonly crossOrigin?: CrossOrigin | undefined;
  /** Unix seconds after which the credential stops working; caches must not keep the bytes longer. */
  readonly expiresAt?: number | undefined;
  /** Longest time caches may keep it when the same URL can show new bytes later (a source path); no `immutable`. */
  readonly maxAgeSeconds?: number | undefined;
}

/** A granted render of one spec: everything its answer is planned from. */
export interface RenditionRequest extends RenderGrant {
  readonly spec: TransformSpec;
  /** The stored file the spec's `mark=` resolved to: its bytes are part of the key. */
  readonly markFile?: Pick<FileRecord, 'blobKey'> | undefined;
}

const YEAR_SECONDS = 31_536_000;
const ANY_ORIGIN: CrossOrigin = Object.freeze({ kind: 'any' });
/** The render headers a page on another origin may read (beyond the CORS-safelisted ones). */
export const EXPOSED_HEADERS = 'ETag, X-Convertly-Focus, X-Convertly-Window, X-Convertly-Cache, X-Convertly-Unsupported';

/**
 * How long caches may keep a render: a year for a variant that can never change; revalidation
 * for one that follows the stored focal point (it changes when edited); never past a signature's expiry.
 */
export function cacheControl(rendition: Pick<RenditionRequest, 'spec' | 'visibility' | 'expiresAt' | 'maxAgeSeconds'>, nowSeconds: number): string {
  const { spec, expiresAt, maxAgeSeconds } = rendition;
  const visibility = rendition.visibility === 'public' ? 'public' : 'private';
  if (expiresAt !== undefined) return `${visibility}, max-age=${Math.max(0, Math.floor(Math.min(expiresAt - nowSeconds, maxAgeSeconds ?? Infinity)))}`;
  if (maxAgeSeconds !== undefined) return `${visibility}, max-age=${maxAgeSeconds}`;
  return gravityModeFor(spec.focus).followsStored ? `${visibility}, no-cache` : `${visibility}, max-age=${YEAR_SECONDS}, immutable`;
}

/**
 * Checks the planned output against the limits: its pixels, and for an animation whose frames are known,
 * the frame number and the frames' work (plan-frames.ts). A file stored before frames were recorded is
 * checked by its render instead.
 * @throws image_too_large over a limit; invalid_parameter naming `frame` past the last frame or an operation an animation refuses
 */
function assertOutputSize(file: FileRecord, spec: TransformSpec, format: OutputFormat, limits: OutputLimits): void {
  // A debug render with no size is the source fitted in a small fixed box, whatever the source's size.
  const size = outputSize(spec);
  if (spec.debug && size.width === undefined && size.height === undefined) return;
  const { width, height } = requestedOutputSize(file, spec);
  if (width * height > limits.maxOutputPixels) {
    throw new AppError('image_too_large', `The output would be ${width}×${height}; this server renders at most ${Math.round(limits.maxOutputPixels / 1e6)} MP`);
  }
  if (file.frames !== null) planCheckedFrames(spec, file.frames, file, { width, height }, format, limits);
}

/** True when `f=auto` must keep the file animated: it has frames, or (recorded before frames were) it is a GIF or WebP. */
function mayAnimate(file: Pick<FileRecord, 'frames' | 'format'>, spec: TransformSpec): boolean {
  if (spec.frame !== undefined) return false;
  return file.frames === null ? file.format === 'gif' || file.format === 'webp' : file.frames > 1;
}

/** The format a render of this file answers `accept` with (`f=auto` negotiated; an animation kept animated). */
export function renditionFormat(file: Pick<FileRecord, 'frames' | 'format' | 'hasAlpha'>, spec: TransformSpec, accept: string | undefined): OutputFormat {
  return negotiateFormat(spec.format, accept, file.hasAlpha, mayAnimate(file, spec));
}

/**
 * The file version a render's key carries. `version` counts focal-point edits, so only a render that
 * follows the stored point depends on it; every other render (a gravity, `fp=`, no crop) keeps its key,
 * cached bytes and ETag across focal edits, so moving the point never makes them render, or charge, again.
 */
export function keyVersion(file: Pick<FileRecord, 'version'>, spec: TransformSpec): number {
  const size = outputSize(spec);
  // Only a cover fit of both sides crops; anything else shows the whole image wherever the point is.
  const crops = size.width !== undefined && size.height !== undefined && spec.fit === 'cover';
  // A debug render draws the stored point whatever it crops, so it follows every edit.
  return spec.debug || (crops && gravityModeFor(spec.focus).followsStored) ? file.version : 0;
}

const opaque = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);

/**
 * True when `If-None-Match` names this ETag (or `*`): the client already has this representation. The
 * comparison is the weak one RFC 9110 prescribes for If-None-Match: `W/` on either side is ignored.
 */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const wanted = opaque(etag);
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || opaque(t) === wanted;
  });
}

/** What a render request will be answered with, known before any bytes are. */
export interface RenditionPlan {
  readonly format: OutputFormat;
  readonly key: string;
  readonly etag: string;
  /** The headers every answer carries, a 304 included. */
  readonly headers: Readonly<Record<string, string>>;
}

/** The limits a rendition is planned against (Config.limits has them all). */
export interface OutputLimits {
  readonly maxOutputPixels: number;
  readonly maxInputPixels: number;
  /** frames × output pixels of an animated render; DEFAULT_MAX_ANIMATION_PIXELS when absent. */
  readonly maxAnimationPixels?: number | undefined;
}

export interface PlanOptions {
  readonly limits: OutputLimits;
  readonly nowSeconds: number;
  readonly pipeline: RenderPipeline;
}

/** Renders go through kept intermediates (pipeline 2) only when there is room to keep them. */
export function renderPipeline(services: { readonly decoded: { readonly maxBytes: number } }): RenderPipeline {
  return services.decoded.maxBytes > 0 ? 2 : 1;
}

/**
 * A file fetched from a source can get new bytes (revalidation) under the same id; its blob key names those
 * bytes, so every key and ETag changes with them. Uploads never change bytes: their keys stay as they were.
 */
function originalMark(file: Pick<FileRecord, 'origin' | 'blobKey'>): string {
  return file.origin === null ? '' : `\u0000${file.blobKey}`;
}

/**
 * The mark's bytes, by their blob key: a mark path given to another upload, or a mark fetched from a source
 * whose bytes changed, changes every key and ETag that draws it.
 */
function markPart(markFile: RenditionRequest['markFile']): string {
  return markFile === undefined ? '' : `\u0000mark:${markFile.blobKey}`;
}

/**
 * Plans the answer to a render request: format negotiation, output checks, cache key, ETag
 * and caching headers. Pure and synchronous, so the hit path and the full path plan alike.
 * @throws image_too_large; invalid_parameter (see assertOutputSize)
 */
export function planRendition(rendition: RenditionRequest, accept: string | undefined, options: PlanOptions): RenditionPlan {
  const { file, spec } = rendition;
  const format = renditionFormat(file, spec, accept);
  assertOutputSize(file, spec, format, options.limits);
  const key = renditionKey({ fileId: file.id, version: keyVersion(file, spec), params: canonicalKey(spec, options.pipeline) + originalMark(file) + markPart(rendition.markFile), format });
  // The ETag is known before the bytes are: the key already holds the version and a hash of the parameters.
  // An upload's renders are byte-for-byte deterministic for a key, so its ETag is strong. A fetched original's is
  // weak: its first render takes sharp's fused pipeline (it answers a request that waited for the origin) while
  // every later one of the key (after an eviction, on another instance) goes through the decoded intermediate, the
  // same image a rounding apart; a weak validator claims exactly that, a strong one would claim equal bytes.
  const tag = `"${key.slice(key.indexOf('/') + 1)}"`;
  const etag = file.origin === null ? tag : `W/${tag}`;
  const headers: Record<string, string> = { etag, 'cache-control': cacheControl(rendition, options.nowSeconds) };
  const vary = [...(spec.format === 'auto' ? ['Accept'] : []), ...(rendition.visibility === 'origin-limited' ? ['Origin'] : [])];
  const cross = rendition.crossOrigin ?? (rendition.visibility === 'public' ? ANY_ORIGIN : undefined);
  if (cross !== undefined) {
    const allowed = cross.kind === 'any' ? '*' : cross.origin;
    Object.assign(headers, { 'access-control-allow-origin': allowed, 'timing-allow-origin': allowed, 'access-control-expose-headers': EXPOSED_HEADERS });
    // A key limited to origins answers each origin differently: shared caches must keep them apart.
    if (cross.kind === 'origin' && !vary.includes('Origin')) vary.push('Origin');
  }
  if (vary.length > 0) headers.vary = vary.join(', ');
  return { format, key, etag, headers };
}

/** The headers of a 200 carrying a cached or fresh rendition, besides the plan's. */
export function entryHeaders(entry: RenditionEntry, cache: 'hit' | 'miss'): Record<string, string> {
  return { 'content-type': entry.contentType, ...entry.headers, 'x-convertly-cache': cache };
}

