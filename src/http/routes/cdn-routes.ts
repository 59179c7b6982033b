import type { FastifyInstance } from 'fastify';
import { parseTransform, type RawQuery } from '../../params/parse-transform.js';
import type { RenderAuthorizer } from '../access/authorize-render.js';
import type { FastHits } from '../fast-hits.js';
import { serveRendition, type RenditionContext } from '../serve-rendition.js';
import { unknownParameters } from '../../params/unknown-params.js';
import { unsupportedHeader } from '../unsupported-header.js';
import { renderRouteOptions } from '../schemas/render-schemas.js';
import { idParams } from '../schemas/json-schema.js';
import { namesPreset, specWithPreset } from '../resolve-preset.js';

/** `GET /cdn/{fileId}?{params}` (SPEC §1). */
export function registerCdnRoutes(app: FastifyInstance, context: RenditionContext, authorize: RenderAuthorizer, fastHits?: FastHits): void {
  app.get<{ Params: { fileId: string } }>('/cdn/:fileId', renderRouteOptions('Render a stored image at any size or crop', idParams('fileId', 'a file id, `f_…`')), async (request, reply) => {
    // Parameters first: a malformed URL is a 400 whoever asks, and costs no lookup.
    const query = request.query as RawQuery;
    const parsed = parseTransform(query);
    const grant = await authorize(request, request.params.fileId);
    const spec = await specWithPreset(context.services, grant.file.workspaceId, query, parsed);
    // Parameters this dialect does not read are named, as the migration dialects name theirs.
    const unknown = unknownParameters(query);
    const unsupported = unsupportedHeader(unknown.map((param) => ({ param, value: '', reason: 'unknown' })), 'native');
    if (unsupported !== undefined) void reply.header('x-convertly-unsupported', unsupported);
    const answered = await serveRendition(context, request, reply, { ...grant, spec });
    // Only URLs that were answered are remembered, so refused ones cannot crowd out real ones; URLs with
    // unknown parameters always take this path, which names them.
    // Nor are URLs naming a preset or a mark: the preset, or the file the mark names, can change under the same URL.
    if (request.method === 'GET' && unknown.length === 0 && !namesPreset(query) && spec.operations.mark === undefined) fastHits?.learn(request.raw.url ?? request.url, { fileId: request.params.fileId, query, spec });
    return answered;
  });
}
