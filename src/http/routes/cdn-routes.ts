import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseTransform, type RawQuery } from '../../params/parse-transform.js';
import type { FileRecord } from '../../storage/index.js';
import { serveRendition, type RenditionContext } from '../serve-rendition.js';

/** Decides whether this request may render this file id, and returns the file (404 for any file it may not see). */
export type RenderAuthorizer = (request: FastifyRequest, fileId: string) => Promise<{ file: FileRecord; visibility: 'public' | 'private' }>;

/** `GET /cdn/{fileId}?{params}` (SPEC §1). */
export function registerCdnRoutes(app: FastifyInstance, context: RenditionContext, authorize: RenderAuthorizer): void {
  app.get<{ Params: { fileId: string } }>('/cdn/:fileId', async (request, reply) => {
    // Parameters first: a malformed URL is a 400 whoever asks, and costs no lookup.
    const spec = parseTransform(request.query as RawQuery);
    const { file, visibility } = await authorize(request, request.params.fileId);
    return serveRendition(context, request, reply, { file, spec, visibility });
  });
}
