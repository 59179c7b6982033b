import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../errors/app-error.js';
import { sql } from 'kysely';
import type { Services } from '../../services/create-services.js';
import { checkReadiness } from '../../services/readiness.js';
import type { Metrics } from '../metrics.js';
import { closedObject } from '../schemas/json-schema.js';
import { ERROR_BODY } from '../schemas/error-schema.js';

const HEALTHY = closedObject({ status: { type: 'string', const: 'ok' } }, 'The database answers');
const UNHEALTHY = closedObject({ status: { type: 'string', const: 'unavailable' }, error: ERROR_BODY }, 'The database is unreachable');
const CHECKS = closedObject(
  { database: { type: 'string' }, storage: { type: 'string' } },
  'Each dependency: `ok`, or why it does not answer',
);
const READY = closedObject({ status: { type: 'string', const: 'ready' }, checks: CHECKS }, 'The database and the blob store answer');
const NOT_READY = closedObject({ status: { type: 'string', const: 'unavailable' }, checks: CHECKS, error: ERROR_BODY }, 'A dependency does not answer: send no traffic');
const METRICS = { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } };

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function sameSecret(a: string, b: string): boolean {
  // Hashes first: equal lengths for timingSafeEqual, and no length leak.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/**
 * Metrics name routes, workspaces' traffic and queue depths: with METRICS_TOKEN set they need it as a
 * bearer token; without it only a caller on this machine (a local Prometheus or sidecar) may read them.
 * @throws unauthorized otherwise
 */
function assertMetricsAccess(request: FastifyRequest, token: string | undefined): void {
  if (token === undefined) {
    if (LOOPBACK.has(request.ip)) return;
    throw new AppError('unauthorized', '/metrics answers only this machine unless METRICS_TOKEN is set; then send Authorization: Bearer <METRICS_TOKEN>');
  }
  const sent = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim();
  if (sent === undefined || !sameSecret(sent, token)) throw new AppError('unauthorized', '/metrics needs Authorization: Bearer <METRICS_TOKEN>');
}

/**
 * `GET /healthz` (liveness: the process answers and its database does), `GET /readyz` (readiness: the
 * database and the blob store both answer; a load balancer sends no traffic while it is 503) and
 * `GET /metrics` (Prometheus text format).
 */
export function registerHealthRoutes(app: FastifyInstance, services: Services, metrics: Metrics): void {
  app.get('/healthz', { schema: { summary: 'Liveness: the database is reachable', tags: ['operations'], response: { 200: HEALTHY, 503: UNHEALTHY } } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(services.database.db);
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable', error: { code: 'service_unavailable', message: 'The database is unreachable' } });
    }
  });
  const readyz = { summary: 'Readiness: the database and the blob store answer', tags: ['operations'], response: { 200: READY, 503: NOT_READY } };
  app.get('/readyz', { schema: readyz }, async (_request, reply) => {
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
  app.get('/metrics', { schema: { summary: 'Prometheus metrics (this machine only unless METRICS_TOKEN is set)', tags: ['operations'], response: { 200: METRICS } } }, async (request, reply) => {
    assertMetricsAccess(request, services.config.metricsToken);
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).header('cache-control', 'no-store').send(body);
  });
}
