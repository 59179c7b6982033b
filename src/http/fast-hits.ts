import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { RenderPipeline } from '../params/canonical-key.js';
import type { RawQuery } from '../params/parse-transform.js';
import type { TransformSpec } from '../params/transform-spec.js';
import type { OutputFormat } from '../params/vocabulary.js';
import type { RenditionCache, RenditionEntry } from '../storage/index.js';
import type { Metrics } from './metrics.js';
import { requestIdFor } from './request-id.js';
import { SECURITY_HEADERS } from './client-errors.js';
import { createReadThroughCache } from '../shared/read-through-cache.js';
import type { OutputLimits, RenderGrant } from '../render/plan-rendition.js';
import type { RenderPeek } from './access/authorize-render.js';
import type { CredentialRequest } from './principal.js';
import { entryHeaders, keyVersion, matchesEtag, planRendition, renditionFormat } from '../render/plan-rendition.js';

/**
 * Answers CDN cache hits before Fastify sees them. A hit is most of a CDN's traffic, and Fastify's
 * routing, hooks, promises and per-request logger were two thirds of its cost. Only what is already
 * in memory is served here: a URL the /cdn route has parsed before, a credential and a file the
 * access caches still hold, a rendition in the hot tier. Anything else — errors included — returns
 * false and takes the full path, which answers it exactly as before.
 */
export interface FastHits {
  /** Remembers a URL the /cdn route parsed, so the next request for it needs no parsing. */
  learn(url: string, parsed: { readonly fileId: string; readonly query: RawQuery; readonly spec: TransformSpec; readonly peek?: UrlPeek }): void;
  /** Answers a GET /cdn hit (200 or 304) entirely from memory; false when the full path must answer. */
  serve(request: IncomingMessage, response: ServerResponse): boolean;
  /** Sends everything to the full path from now on (shutdown: Fastify closes connections as it drains). */
  stop(): void;
  /** The app's logger, once the app exists: hits log at debug like the full path's. */
  setLogger(log: FastifyBaseLogger): void;
}

export interface FastHitsOptions {
  readonly peek: RenderPeek;
  readonly renditions: RenditionCache;
  readonly metrics: Metrics;
  readonly limits: OutputLimits;
  readonly pipeline: RenderPipeline;
  /** Parsed URLs remembered (4,096 by default); the least recently served is forgotten first. */
  readonly maxUrls?: number;
}

/** A URL's own grant from memory (a source path: its file must also still be fresh); `undefined` sends it to the full path. */
export type UrlPeek = (request: CredentialRequest) => RenderGrant | undefined;

interface LearnedUrl {
  readonly fileId: string;
  readonly query: RawQuery;
  readonly spec: TransformSpec;
  readonly peek?: UrlPeek | undefined;
  /** The last answer planned for this URL; reused while nothing it depends on has changed. */
  answer: Answer | null;
}

/** A planned answer for one URL, with its header lists prebuilt: building headers was a third of a hit. */
interface Answer {
  readonly version: number;
  /** The original's blob: a source path's bytes can change under one id (issue 14), and the key with them. */
  readonly blobKey: string;
  readonly format: OutputFormat;
  readonly visibility: RenderGrant['visibility'];
  readonly key: string;
  readonly etag: string;
  readonly notModified: string[];
  /** The 200's headers per rendition entry; weak, so an entry the hot tier drops is not kept alive here. */
  readonly ok: WeakMap<RenditionEntry, string[]>;
}

const ROUTE = '/cdn/:fileId';
const DEBUG_LEVELS = new Set(['debug', 'trace']);
const MAX_URL_LENGTH = 2048;

/** A flat `[name, value, …]` list, the form `writeHead` takes without copying into an object. */
function headerList(headers: Readonly<Record<string, string>>): string[] {
  return Object.entries(headers).flat();
}

export function createFastHits(options: FastHitsOptions): FastHits {
  // Least recently served first out: a hot URL is not evicted by a stream of new ones.
  const urls = createReadThroughCache<LearnedUrl>({ maxEntries: options.maxUrls ?? 4096, lru: true });
  const { metrics, renditions, peek, limits, pipeline } = options;
  const counted = {
    hit: { request: metrics.requests.labels('GET', ROUTE, '200'), outcome: metrics.cdnCache.labels('hit') },
    notModified: { request: metrics.requests.labels('GET', ROUTE, '304'), outcome: metrics.cdnCache.labels('not_modified') },
  };
  let stopped = false;
  let log: FastifyBaseLogger | null = null;

  /** The plan for this grant, reused when the file version, format and visibility are the ones it was made for. */
  const answerFor = (learned: LearnedUrl, grant: RenderGrant, accept: string | undefined): Answer | null => {
    // A signed URL's Cache-Control counts down to its expiry: such answers are planned per request by the full path.
    if (grant.expiresAt !== undefined) return null;
    const { file } = grant;
    const previous = learned.answer;
    const format = renditionFormat(file, learned.spec, accept);
    // A key limited to origins names the request's origin in its CORS headers: planned per request, never reused.
    const perOrigin = grant.crossOrigin?.kind === 'origin';
    if (!perOrigin && previous !== null && previous.version === keyVersion(file, learned.spec) && previous.blobKey === file.blobKey && previous.format === format && previous.visibility === grant.visibility) return previous;
    // Nothing about the answer depends on the clock without an expiry, so any time will do.
    const plan = planRendition({ ...grant, spec: learned.spec }, accept, { limits, nowSeconds: 0, pipeline });
    const answer: Answer = {
      version: keyVersion(file, learned.spec),
      blobKey: file.blobKey,
      format: plan.format,
      visibility: grant.visibility,
      key: plan.key,
      etag: plan.etag,
      notModified: headerList({ ...plan.headers, ...SECURITY_HEADERS, 'x-request-id': '' }),
      ok: new WeakMap(),
    };
    if (!perOrigin) learned.answer = answer;
    return answer;
  };

  const okHeaders = (answer: Answer, entry: RenditionEntry): string[] => {
    let headers = answer.ok.get(entry);
    if (headers === undefined) {
      headers = [...answer.notModified, ...headerList(entryHeaders(entry, 'hit')), 'content-length', String(entry.body.length)];
      answer.ok.set(entry, headers);
    }
    return headers;
  };

  const answer = (request: IncomingMessage, response: ServerResponse, status: 200 | 304, headers: string[], body?: Buffer) => {
    const started = log !== null && DEBUG_LEVELS.has(log.level) ? performance.now() : 0;
    const id = requestIdFor(request.headers);
    // The list is shared by every hit on this URL; writeHead serialises it at once, so the id slot can be reused.
    headers[headers.indexOf('x-request-id') + 1] = id;
    response.writeHead(status, headers);
    response.end(body);
    const which = status === 200 ? counted.hit : counted.notModified;
    which.request.inc();
    which.outcome.inc();
    metrics.cdnFastPath.inc();
    if (started !== 0) {
      const responseTimeMs = Math.round((performance.now() - started) * 10) / 10;
      log?.debug({ reqId: id, method: 'GET', url: request.url, statusCode: status, responseTimeMs }, 'request completed');
    }
  };

  return {
    learn(url, parsed) {
      // Long URLs (junk parameters) would make the memo a memory sink; they take the full path.
      if (url.length > MAX_URL_LENGTH || urls.peek(url) !== undefined) return;
      urls.set(url, { ...parsed, answer: null });
    },
    serve(request, response) {
      if (stopped || request.method !== 'GET' || request.url === undefined) return false;
      const learned = urls.peek(request.url);
      if (learned === undefined) return false;
      try {
        const credentials = { headers: request.headers, query: learned.query };
        const grant = learned.peek === undefined ? peek(credentials, learned.fileId) : learned.peek(credentials);
        if (grant === undefined) return false;
        const planned = answerFor(learned, grant, request.headers.accept);
        if (planned === null) return false;
        if (matchesEtag(request.headers['if-none-match'], planned.etag)) {
          answer(request, response, 304, planned.notModified);
          return true;
        }
        const entry = renditions.peek(planned.key);
        if (entry === undefined) return false;
        answer(request, response, 200, okHeaders(planned, entry), entry.body);
        return true;
      } catch (error) {
        // Nothing has been written when planning throws (image_too_large): the full path answers.
        if (response.headersSent) throw error;
        return false;
      }
    },
    stop() {
      stopped = true;
    },
    setLogger(logger) {
      log = logger;
    },
  };
}
