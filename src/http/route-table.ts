import type { FastifyInstance } from 'fastify';

/** One registered route, as Fastify saw it. HEAD is left out, as in the document: every GET answers HEAD too. */
export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  /** `schema.hide`: static assets (the dashboard's files, the docs page's) kept out of the API description. */
  readonly hidden: boolean;
}

/**
 * Records every route registered from now on, in every plugin context. The OpenAPI test compares this
 * table with the document, so a route that escaped the description is caught wherever it was added.
 */
export function recordRoutes(app: FastifyInstance): readonly RouteEntry[] {
  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const hidden = (route.schema as { hide?: unknown } | undefined)?.hide === true;
    for (const method of methods) {
      if (method !== 'HEAD') routes.push({ method, url: route.url, hidden });
    }
  });
  return routes;
}
