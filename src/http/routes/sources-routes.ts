import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors/app-error.js';
import type { Services } from '../../services/create-services.js';
import { addSource, removeSource, sourceJson } from '../../services/sources/manage-sources.js';
import { requireWorkspace } from '../principal.js';

/** `GET /api/sources`, `POST /api/sources`, `DELETE /api/sources/{name}`: an API key or session; delivery keys are 403. */
export function registerSourcesRoutes(app: FastifyInstance, services: Services): void {
  app.get('/api/sources', async (request, reply) => {
    const workspaceId = requireWorkspace(request.principal);
    const sources = await services.sources.listSources(workspaceId);
    return reply.header('cache-control', 'no-store').send({ items: sources.map(sourceJson) });
  });

  app.post('/api/sources', async (request, reply) => {
    const workspaceId = requireWorkspace(request.principal);
    const source = await addSource(services, workspaceId, request.body);
    return reply.status(201).header('location', `/api/sources/${source.name}`).send(sourceJson(source));
  });

  app.delete<{ Params: { name: string } }>('/api/sources/:name', async (request, reply) => {
    const workspaceId = requireWorkspace(request.principal);
    if ((await removeSource(services, workspaceId, request.params.name)) === null) {
      throw new AppError('not_found', `No source ${request.params.name}`);
    }
    return reply.status(204).send();
  });
}
