import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { ERROR_RESPONSE } from './schemas/error-schema.js';
import { ANALYSIS_SCHEMA, FILE_SCHEMA } from './schemas/file-schemas.js';
import type { SecurityRequirements } from './schemas/json-schema.js';

/** Where the document and its reference page are served. */
export const OPENAPI_PATH = '/openapi.json';
export const DOCS_PATH = '/docs';

/**
 * The reference page loads only this server's files (no CDN, no font service, no online validator).
 * Swagger UI (React) sets style attributes, hence 'unsafe-inline' for styles alone; scripts stay files.
 */
const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** What `/api/` routes take unless their schema says otherwise: an API key or the dashboard's session. */
const WORKSPACE_CREDENTIALS: SecurityRequirements = [{ apiKey: [] }, { session: [] }];

const ERROR_REF = { $ref: 'Error#', description: ERROR_RESPONSE.description };

/** `/imgix/*` → `/imgix/{path}`: a wildcard is one path parameter, so generated clients can call it. */
function wildcardAsParameter(url: string, schema: FastifySchema | undefined): { url: string; schema: FastifySchema } {
  const base = schema ?? {};
  if (!url.endsWith('*')) return { url, schema: base };
  const params = (base.params ?? { type: 'object', properties: {} }) as { properties?: Record<string, unknown> };
  return {
    url: `${url.slice(0, -1)}{path}`,
    schema: {
      ...base,
      params: {
        ...params,
        type: 'object',
        properties: { ...params.properties, path: { type: 'string', description: 'the rest of the path' } },
        required: ['path'],
      },
    },
  };
}

/** What a route's `config.openapi` may add to the document beyond the schemas Fastify validates with. */
export interface OpenApiRouteConfig {
  readonly openapi?: {
    /**
     * A request body the route reads itself (uploads, or JSON checked by its own code with its own messages):
     * shown in the document, not validated by Fastify.
     */
    readonly body?: Readonly<Record<string, unknown>>;
    /** A query the route parses itself (the render parameters), likewise shown, not validated by Fastify. */
    readonly querystring?: Readonly<Record<string, unknown>>;
  };
}

/** The schema with what `config.openapi` adds; a validating schema of the same part wins. */
function withDocumentedParts(schema: FastifySchema | undefined, config: unknown): FastifySchema | undefined {
  const extra = (config as OpenApiRouteConfig | undefined)?.openapi;
  if (extra === undefined) return schema;
  return {
    ...schema,
    ...(extra.body !== undefined && schema?.body === undefined ? { body: extra.body } : {}),
    ...(extra.querystring !== undefined && schema?.querystring === undefined ? { querystring: extra.querystring } : {}),
  };
}

/**
 * The OpenAPI 3.1 description is built by @fastify/swagger from the route schemas Fastify validates
 * with, so it cannot drift from what the server accepts. Registered before any route (it collects them
 * with an onRoute hook): a route with no schema still appears, with its path and method, and every route
 * gets the house error shape as its 4XX/5XX answer.
 */
export async function registerOpenApi(app: FastifyInstance, info: { readonly version: string }): Promise<void> {
  for (const shared of [{ $id: 'Error', ...ERROR_RESPONSE }, ANALYSIS_SCHEMA, FILE_SCHEMA]) app.addSchema(shared);
  await app.register(fastifySwagger, {
    // Shared schemas keep their own names in components.schemas.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Convertly',
        version: info.version,
        description:
          'Self-hostable image service: store images, render any size or crop from a URL, analyse faces, focal point and palette once. ' +
          'Every error is `{"error":{"code","message"}}`; the codes are in docs/errors.md.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key `cvly_…` (also accepted as `X-Api-Key`).' },
          session: { type: 'apiKey', in: 'cookie', name: 'convertly_session', description: 'The dashboard session set by POST /api/auth/login.' },
          deliveryKey: { type: 'apiKey', in: 'query', name: 'key', description: 'A delivery key `cvdk_…`: renders only.' },
        },
      },
    },
    transform: ({ schema, url, route: options }) => {
      const route = wildcardAsParameter(url, withDocumentedParts(schema, options.config));
      const response = { ...(route.schema.response as Record<string, unknown> | undefined) };
      response['4XX'] ??= ERROR_REF;
      response['5XX'] ??= ERROR_REF;
      const security = route.schema.security ?? (url.startsWith('/api/') ? WORKSPACE_CREDENTIALS : undefined);
      return { url: route.url, schema: { ...route.schema, response, ...(security === undefined ? {} : { security }) } };
    },
  });
}

/**
 * `GET /openapi.json` and the reference page at `/docs` (Swagger UI, its assets served from
 * node_modules so the page works with no internet). Registered after the routes it describes.
 */
export async function registerOpenApiRoutes(app: FastifyInstance): Promise<void> {
  const document = { type: 'object', required: ['openapi', 'info', 'paths'], properties: { openapi: { type: 'string', const: '3.1.0' } } };
  app.get(OPENAPI_PATH, { schema: { summary: 'This OpenAPI 3.1 document', tags: ['meta'], response: { 200: document } } }, async (_request, reply) => {
    return reply.header('cache-control', 'no-cache').send(app.swagger());
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: DOCS_PATH,
    staticCSP: DOCS_CONTENT_SECURITY_POLICY,
    uiConfig: { deepLinking: true, validatorUrl: null, tryItOutEnabled: true },
  });
}

declare module 'fastify' {
  // Routes declare `config.openapi` (OpenApiRouteConfig) beside their schemas.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface FastifyContextConfig extends OpenApiRouteConfig {}
}
