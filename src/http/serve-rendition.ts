import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { negotiateFormat } from '../engine/negotiate-format.js';
import { renderTransform } from '../render/render-transform.js';
import { canonicalKey, type RenderPipeline } from '../params/canonical-key.js';
import { outputSize, type TransformSpec } from '../params/transform-spec.js';
import type { OutputFormat } from '../params/vocabulary.js';
import type { Services } from '../services/create-services.js';
import { readOriginal, storedFaces } from '../services/stored-files.js';
import { renditionKey, type FileRecord, type RenditionEntry } from '../storage/index.js';
import type { Metrics } from './metrics.js';
import type { RenderGrant } from './routes/cdn-routes.js';
import type { QuotaGate } from './quota-gate.js';

export interface RenditionContext {
  readonly services: Services;
  readonly metrics: Metrics;
  readonly quota: QuotaGate;
}

export interface RenditionRequest extends RenderGrant {
  readonly spec: TransformSpec;
}

const YEAR_SECONDS = 31_536_000;

/**
 * How long caches may keep a render: a year for a variant that can never change; revalidation
 * for one that follows the stored focal point (it changes when edited); never past a signature's expiry.
 */
export function cacheControl(rendition: Pick<RenditionRequest, 'spec' | 'visibility' | 'expiresAt'>, nowSeconds: number): string {
  const { spec, visibility, expiresAt } = rendition;
  if (expiresAt !== undefined) return `${visibility}, max-age=${Math.max(0, Math.floor(expiresAt - nowSeconds))}`;
  const followsFocal = spec.fp === undefined && (spec.gravity === undefined || spec.gravity === 'focal');
  return followsFocal ? `${visibility}, no-cache` : `${visibility}, max-age=${YEAR_SECONDS}, immutable`;
}

/** @throws image_too_large when the output would exceed the configured pixel limit */
function assertOutputSize(file: FileRecord, spec: TransformSpec, maxOutputPixels: number): void {
  const size = outputSize(spec);
  // A debug render with no size is the source fitted in a small fixed box, whatever the source's size.
  if (spec.debug && size.width === undefined && size.height === undefined) return;
  const aspect = file.width / file.height;
  let width = size.width ?? (size.height !== undefined ? Math.round(size.height * aspect) : file.width);
  let height = size.height ?? (size.width !== undefined ? Math.round(size.width / aspect) : file.height);
  if (spec.fit === 'outside' && size.width !== undefined && size.height !== undefined) {
    // `outside` grows the image until it covers the box, so w=8192&h=1 can mean 8192×5461.
    const scale = Math.max(size.width / file.width, size.height / file.height);
    width = Math.max(size.width, Math.round(file.width * scale));
    height = Math.max(size.height, Math.round(file.height * scale));
  }
  if (width * height > maxOutputPixels) {
    throw new AppError('image_too_large', `The output would be ${width}×${height}; this server renders at most ${Math.round(maxOutputPixels / 1e6)} MP`);
  }
}

/** True when `If-None-Match` names this ETag (or `*`): the client already has these bytes. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
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

export interface PlanOptions {
  readonly maxOutputPixels: number;
  readonly nowSeconds: number;
  readonly pipeline: RenderPipeline;
}

/** Renders go through kept intermediates (pipeline 2) only when there is room to keep them. */
export function renderPipeline(services: Pick<Services, 'decoded'>): RenderPipeline {
  return services.decoded.maxBytes > 0 ? 2 : 1;
}

/**
 * Plans the answer to a render request: output size check, format negotiation, cache key, ETag
 * and caching headers. Pure and synchronous, so the hit path and the full path plan alike.
 * @throws image_too_large
 */
export function planRendition(rendition: RenditionRequest, accept: string | undefined, options: PlanOptions): RenditionPlan {
  const { file, spec } = rendition;
  assertOutputSize(file, spec, options.maxOutputPixels);
  const format = negotiateFormat(spec.format, accept, file.hasAlpha);
  const key = renditionKey({ fileId: file.id, version: file.version, params: canonicalKey(spec, options.pipeline), format });
  // Renders are deterministic for a key, so the ETag is known before the bytes are.
  // The key already holds the version and a hash of the parameters: it names this variant exactly.
  const etag = `"${key.slice(key.indexOf('/') + 1)}"`;
  const headers: Record<string, string> = { etag, 'cache-control': cacheControl(rendition, options.nowSeconds) };
  if (spec.format === 'auto') headers.vary = 'Accept';
  return { format, key, etag, headers };
}

/** The headers of a 200 carrying a cached or fresh rendition, besides the plan's. */
export function entryHeaders(entry: RenditionEntry, cache: 'hit' | 'miss'): Record<string, string> {
  return { 'content-type': entry.contentType, ...entry.headers, 'x-convertly-cache': cache };
}

/**
 * Answers a render request: 304 when the client has it, the cached bytes on a hit, else one render
 * for all identical concurrent misses (charged once), cached on disk and in memory.
 */
export async function serveRendition(context: RenditionContext, request: FastifyRequest, reply: FastifyReply, rendition: RenditionRequest): Promise<FastifyReply> {
  const { services, metrics, quota } = context;
  const { file, spec } = rendition;
  const { format, key, etag, headers } = planRendition(rendition, request.headers.accept, {
    maxOutputPixels: services.config.limits.maxOutputPixels,
    nowSeconds: Date.now() / 1000,
    pipeline: renderPipeline(services),
  });
  void reply.headers(headers);
  if (matchesEtag(request.headers['if-none-match'], etag)) {
    metrics.cdnCache.inc({ outcome: 'not_modified' });
    return reply.status(304).send();
  }
  // The work limiter comes first: a busy server refuses (503) before anything is charged.
  const render = async (): Promise<RenditionEntry> => {
    const charged = await quota.charge(file.workspaceId, reply);
    const stop = metrics.renderSeconds.startTimer({ gravity: spec.fp !== undefined ? 'fp' : (spec.gravity ?? 'default'), format });
    try {
      const original = await readOriginal(services, file);
      const result = await renderTransform(original, { ...spec, format }, {
        pool: services.pool,
        storedFocal: file.focal,
        knownFaces: storedFaces(file),
        limits: services.config.limits,
        // Misses of a hot original (a srcset's many widths) reuse its decoded pixels.
        decoded: renderPipeline(services) === 2 ? { cache: services.decoded, key: file.blobKey } : undefined,
        onDetectorError: (error, strategy) => request.log.warn({ err: error, strategy }, 'detector failed; falling through'),
      });
      const { x, y, width, height } = result.decision.window;
      return {
        body: result.data,
        contentType: result.contentType,
        etag,
        headers: { 'x-convertly-focus': result.decision.focus, 'x-convertly-window': `${x},${y},${width},${height}` },
      };
    } catch (error) {
      await charged.refund();
      throw error;
    } finally {
      stop();
    }
  };
  const { entry, cache } = await services.renditions.getOrRender(key, () => services.work.run(render));
  metrics.cdnCache.inc({ outcome: cache });
  return reply.headers(entryHeaders(entry, cache)).send(entry.body);
}
