import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseTransform, type RawQuery } from '../../params/parse-transform.js';
import type { FileRecord } from '../../storage/index.js';
import type { FastHits } from '../fast-hits.js';
import type { CredentialRequest } from '../principal.js';
import { serveRendition, type RenditionContext } from '../serve-rendition.js';

/** The file a request may render, how shared caches may keep the result, and until when (a signature's `expires`). */
export interface RenderGrant {
  readonly file: FileRecord;
  readonly visibility: 'public' | 'private';
  /** Unix seconds after which the credential stops working; caches must not keep the bytes longer. */
  readonly expiresAt?: number | undefined;
}

/** Decides whether this request may render this file id (404 for any file it may not see). */
export type RenderAuthorizer = (request: FastifyRequest, fileId: string) => Promise<RenderGrant>;

/**
 * The authorizer's answer computed from in-memory caches only, for the hit path that runs before
 * Fastify: `undefined` whenever the authorizer would look anything up or refuse (the full path answers).
 */
export type RenderPeek = (request: CredentialRequest, fileId: string) => RenderGrant | undefined;

/** `GET /cdn/{fileId}?{params}` (SPEC §1). */
export function registerCdnRoutes(app: FastifyInstance, context: RenditionContext, authorize: RenderAuthorizer, fastHits?: FastHits): void {
  app.get<{ Params: { fileId: string } }>('/cdn/:fileId', async (request, reply) => {
    // Parameters first: a malformed URL is a 400 whoever asks, and costs no lookup.
    const query = request.query as RawQuery;
    const spec = parseTransform(query);
    const grant = await authorize(request, request.params.fileId);
    const answered = await serveRendition(context, request, reply, { ...grant, spec });
    // Only URLs that were answered are remembered, so refused ones cannot crowd out real ones.
    if (request.method === 'GET') fastHits?.learn(request.raw.url ?? request.url, { fileId: request.params.fileId, query, spec });
    return answered;
  });
}
