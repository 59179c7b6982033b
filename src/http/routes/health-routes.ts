import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Services } from '../../services/create-services.js';
import { checkReadiness } from '../../services/readiness.js';
import type { Metrics } from '../metrics.js';

/**
 * `GET /healthz` (liveness: the process answers and its database does), `GET /readyz` (readiness: the
 * database and the blob store both answer; a load balancer sends no traffic while it is 503) and
 * `GET /metrics` (Prometheus text format).
 */
export function registerHealthRoutes(app: FastifyInstance, services: Services, metrics: Metrics): void {
  app.get('/healthz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(services.database.db);
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable', error: { code: 'service_unavailable', message: 'The database is unreachable' } });
    }
  });
  app.get('/readyz', async (_request, reply) => {
    const readiness = await checkReadiness(services);
    const checks = Object.fromEntries(Object.entries(readiness.checks).map(([name, result]) => [name, result.ok ? 'ok' : result.error]));
    void reply.header('cache-control', 'no-store');
    if (readiness.ready) return { status: 'ready', checks };
    return reply.status(503).send({
      status: 'unavailable',
      checks,
      error: { code: 'service_unavailable', message: `Not ready: ${Object.entries(checks).filter(([, v]) => v !== 'ok').map(([name]) => name).join(' and ')} unreachable` },
    });
  });
  app.get('/metrics', async (_request, reply) => {
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).header('cache-control', 'no-store').send(body);
  });
}
