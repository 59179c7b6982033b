import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Services } from '../../services/create-services.js';
import type { Metrics } from '../metrics.js';

/** `GET /healthz` (database reachable) and `GET /metrics` (Prometheus text format). */
export function registerHealthRoutes(app: FastifyInstance, services: Services, metrics: Metrics): void {
  app.get('/healthz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(services.database.db);
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable', error: { code: 'service_unavailable', message: 'The database is unreachable' } });
    }
  });
  app.get('/metrics', async (_request, reply) => {
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).header('cache-control', 'no-store').send(body);
  });
}
