import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors/app-error.js';
import type { Services } from '../../services/create-services.js';
import { addSource, removeSource, sourceJson } from '../../services/sources/manage-sources.js';
import { requireWorkspace } from '../principal.js';
import { NEW_SOURCE_BODY, SOURCE, SOURCE_NAME_PARAMS, SOURCES_PAGE } from '../schemas/source-schemas.js';
import { NO_CONTENT } from '../schemas/json-schema.js';

/** `GET /api/sources`, `POST /api/sources`, `DELETE /api/sources/{name}`: an API key or session; delivery keys are 403. */
export function registerSourcesRoutes(app: FastifyInstance, services: Services): void {
  app.get('/api/sources', { schema: { summary: 'The workspace\'s sources (web folders and buckets images are rendered from)', tags: ['sources'], response: { 200: SOURCES_PAGE } } }, async (request, reply) => {
    const workspaceId = requireWorkspace(request.principal);
    const sources = await services.sources.listSources(workspaceId);
    return reply.header('cache-control', 'no-store').send({ items: sources.map(sourceJson) });
  });

  app.post('/api/sources', {
    schema: { summary: 'Add a source: an http web folder or an s3 bucket, rendered from at /src/{name}/{path}', tags: ['sources'], response: { 201: SOURCE } },
    config: { openapi: { body: NEW_SOURCE_BODY } },
  }, async (request, reply) => {
    const workspaceId = requireWorkspace(request.principal);
    const source = await addSource(services, workspaceId, request.body);
    return reply.status(201).header('location', `/api/sources/${source.name}`).send(sourceJson(source));
  });

  app.delete<{ Params: { name: string } }>('/api/sources/:name', {
    schema: { summary: 'Remove a source and every file fetched from it', tags: ['sources'], params: SOURCE_NAME_PARAMS, response: { 204: NO_CONTENT } },
  }, async (request, reply) => {
    const workspaceId = requireWorkspace(request.principal);
    if ((await removeSource(services, workspaceId, request.params.name)) === null) {
      throw new AppError('not_found', `No source ${request.params.name}`);
    }
    return reply.status(204).send();
  });
}
