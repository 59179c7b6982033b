import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NO_CONTENT } from '../schemas/json-schema.js';
import { RENDER_CREDENTIALS } from '../schemas/render-schemas.js';

/** The render paths a page on another origin may fetch (and draw into a canvas). */
export const CORS_RENDER_PATHS = ['/cdn/:fileId', '/imgix/*', '/cloudinary/*', '/src/*'] as const;

const HEADER_NAME = /^[A-Za-z0-9-]+$/;
const DAY_SECONDS = 86_400;

/** The requested header names, kept only when each is a plain token (they are echoed back). */
function requestedHeaders(request: FastifyRequest): string {
  const raw = request.headers['access-control-request-headers'];
  const names = (typeof raw === 'string' ? raw : '').split(',').map((name) => name.trim()).filter((name) => HEADER_NAME.test(name));
  return names.join(', ');
}

/**
 * `OPTIONS` on the render paths: the CORS preflight of a `fetch()` that sends a non-simple header
 * (`If-None-Match`, say). Any origin for open mode, delivery keys and signatures; a delivery key limited to
 * origins answers only the origin it allows (authentication already refused any other with a 403).
 */
function preflight(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const principal = request.principal;
  const limited = principal.kind === 'delivery_key' ? principal.limitedTo : undefined;
  const origin = limited ?? '*';
  return reply
    .status(204)
    .headers({
      'access-control-allow-origin': origin,
      'access-control-allow-methods': 'GET, HEAD, OPTIONS',
      'access-control-allow-headers': requestedHeaders(request),
      'access-control-max-age': String(DAY_SECONDS),
      'timing-allow-origin': origin,
      vary: limited === undefined ? 'Access-Control-Request-Headers' : 'Origin, Access-Control-Request-Headers',
    })
    .send();
}

/** Registers the preflight answer on every render path. */
export function registerCorsRoutes(app: FastifyInstance): void {
  const schema = { summary: 'CORS preflight of a render path', tags: ['render'], security: RENDER_CREDENTIALS, response: { 204: { ...NO_CONTENT, description: 'Access-Control-Allow-* headers, no body' } } };
  for (const path of CORS_RENDER_PATHS) app.options(path, { schema }, async (request, reply) => preflight(request, reply));
}
