import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

/** Establishes `request.principal` from the request's credentials. */
export type PrincipalResolver = (request: FastifyRequest) => Promise<Principal>;

/**
 * Resolves the caller once per request from its headers and query, before the body is read,
 * so a bad or missing credential is refused without buffering an upload.
 */
export function registerAuthentication(app: FastifyInstance, resolve: PrincipalResolver): void {
  // null until the hook below runs; every handler runs after it.
  app.decorateRequest('principal', null as never);
  app.addHook('onRequest', async (request) => {
    request.principal = await resolve(request);
  });
}
