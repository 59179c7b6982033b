import type { FastifyReply, FastifyRequest } from 'fastify';
import { entryHeaders, matchesEtag, planRendition, renderPipeline, type RenditionRequest } from '../render/plan-rendition.js';
import { focusLabel } from '../params/focus.js';
import { renderTransform } from '../render/render-transform.js';
import { renderDeadline } from '../render/render-deadline.js';
import type { Services } from '../services/create-services.js';
import { prefetchOriginal, readOriginal, storedFaces, type PrefetchedOriginal, storedObjects } from '../services/stored-files.js';
import type { RenderHooks, RenditionEntry, SharedHint } from '../storage/index.js';
import { findMarkFile, storedMarkImage } from '../services/mark-file.js';
import type { Metrics } from './metrics.js';
import type { Charge, QuotaGate } from './quota-gate.js';
import type { HeldOriginal } from '../services/sources/first-fetch.js';

export interface RenditionContext {
  readonly services: Services;
  readonly metrics: Metrics;
  readonly quota: QuotaGate;
}

/**
 * Answers a render request: 304 when the client has it, the cached bytes on a hit, else one render
 * for all identical concurrent misses, cached in memory, on disk and in the shared tier. The rendition is
 * charged once in total: concurrent misses here share one render, and a miss rendered again on another
 * instance finds its `rendition_charges` row and spends nothing.
 */
export async function serveRendition(
  context: RenditionContext,
  request: FastifyRequest,
  reply: FastifyReply,
  rendition: RenditionRequest,
  /** A source path's original fetched a moment ago: rendered from memory and answered before its blob and row are written. */
  held?: HeldOriginal,
): Promise<FastifyReply> {
  try {
    return await answerRendition(context, request, reply, rendition, held);
  } finally {
    // The held original's durable write starts once this answer is on its way (or has failed), not beside the
    // render, where its fsyncs and row insert took CPU from it (first-fetch.ts).
    void held?.store();
  }
}

async function answerRendition(
  context: RenditionContext,
  request: FastifyRequest,
  reply: FastifyReply,
  rendition: RenditionRequest,
  held: HeldOriginal | undefined,
): Promise<FastifyReply> {
  const { services, metrics, quota } = context;
  const { file, spec } = rendition;
  // The mark is looked up before anything else is answered: a deleted mark is a 404, never a 304 or a stale hit.
  const mark = spec.operations.mark;
  const markFile = mark === undefined ? undefined : await findMarkFile(services, file.workspaceId, mark.file);
  const { format, key, etag, headers } = planRendition({ ...rendition, markFile }, request.headers.accept, {
    limits: services.config.limits,
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
    // The charge (a database write) runs beside the decode rather than before it, except for a workspace this
    // instance last saw exhausted, which is charged first so that its refused requests cost no decode.
    const chargeFirst = quota.knownExhausted?.(file.workspaceId) === true;
    const charge = () => quota.charge(file.workspaceId, reply, { renditionKey: key, fileId: file.id });
    const chargedFirst = chargeFirst ? await charge() : undefined;
    // The deadline starts with the work, not the wait: RENDER_QUEUE bounds the wait.
    const deadline = renderDeadline(services.config.work.renderTimeoutMs);
    const stop = metrics.renderSeconds.startTimer({ gravity: focusLabel(spec.focus), format });
    const rendering = (async () => {
      const original = held?.bytes ?? (await readOriginal(services, file, prefetched));
      return renderTransform(original, { ...spec, format }, {
        source: held?.info,
        pool: services.pool,
        storedFocal: file.focal,
        knownFaces: storedFaces(file),
        knownObjects: storedObjects(file),
        detectionMemo: services.detected.entry(file.blobKey),
        limits: services.config.limits,
        deadline,
        // Misses of a hot original (a srcset's many widths) reuse its decoded pixels. The first render of a
        // fetched original takes sharp's fused pipeline instead: its request waited for the origin already, and
        // its ETag is weak (planRendition) because later renders of the key go through the intermediate.
        decoded: renderPipeline(services) === 2 && held === undefined ? { cache: services.decoded, key: file.blobKey } : undefined,
        mark: markFile === undefined || mark === undefined ? undefined : { image: storedMarkImage(services, markFile, mark.file), cache: services.marks },
        onDetectorError: (error, strategy) => request.log.warn({ err: error, strategy }, 'detector failed; falling through'),
      });
    })();
    // Awaited below once the charge is known; marked handled meanwhile, so a failure during the charge is no unhandled rejection.
    rendering.catch(() => undefined);
    let charged: Charge;
    try {
      // One turn of the event loop first, so that the render has handed its decode to libvips before the
      // charge's synchronous database work (SQLite) holds the loop.
      charged = chargedFirst ?? (await new Promise<void>((resolve) => setImmediate(resolve)).then(charge));
    } catch (error) {
      // Refused (429) or failed: the render's result is thrown away, never cached nor answered, so nothing is
      // given for free. The work slot is held until libvips is done with it all the same.
      await rendering.catch(() => undefined);
      stop();
      throw error;
    }
    try {
      // A first fetch's render is answered without waiting for its original's durable write (first-fetch.ts):
      // the bytes it shows are the origin's either way, and its file id is a function of those bytes (fetchedFileId),
      // so a write that fails leaves a render, and a charge, that the path's next fetch finds under the same key.
      const result = await rendering;
      const { x, y, width, height } = result.decision.window;
      return {
        body: result.data,
        contentType: result.contentType,
        etag,
        headers: { 'x-convertly-focus': result.decision.focus, 'x-convertly-window': `${x},${y},${width},${height}` },
      };
    } catch (error) {
      await services.reserve.withReserve(() => charged.refund());
      throw error;
    } finally {
      stop();
    }
  };
  // With a shared tier, a local miss asks the database whether any instance charged (so rendered) this
  // rendition beside the bucket lookup: a "no" answers before the bucket's 404 and starts the original's GET
  // beside the charge; a "yes" keeps that GET from slowing the bucket's answer down.
  // The original is fetched early only when a render slot is free, so queued renders hold no open transfers.
  let prefetched: PrefetchedOriginal | undefined;
  const { wasCharged } = quota;
  const hooks: RenderHooks = {
    ...(wasCharged === undefined ? {} : { hint: async () => ((await wasCharged(key)) ? 'rendered-before' : 'never-rendered') as SharedHint }),
    onLikelyRender: () => {
      // A held original (a first fetch) is in memory already: nothing to fetch early.
      if (held === undefined && services.work.waiting === 0) prefetched = prefetchOriginal(services, file);
    },
  };
  const { entry, cache } = await services.renditions
    .getOrRender(key, () => services.work.run(render), hooks)
    .finally(() => prefetched?.cancel());
  metrics.cdnCache.inc({ outcome: cache });
  return reply.headers(entryHeaders(entry, cache)).send(entry.body);
}
