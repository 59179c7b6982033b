import fastifyMultipart from '@fastify/multipart';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import Fastify, { LogController, type FastifyHttpOptions, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Services } from '../services/create-services.js';
import { createFastHits, type FastHits } from './fast-hits.js';
import { createMetrics, type Metrics } from './metrics.js';
import { requestIdFor } from './request-id.js';
import { handleClientError, SECURITY_HEADERS } from './client-errors.js';
import { AppError } from '../errors/app-error.js';
import { requireWorkspace } from './principal.js';
import { notAnImage } from './read-upload.js';
import { schemaError } from './schema-errors.js';
import { registerAuthentication, type PrincipalResolver } from './plugins/authenticate.js';
import { registerErrorHandler, sendError } from './plugins/error-handler.js';
import { registerDrainOnClose } from './plugins/drain-on-close.js';
import type { QuotaGate } from './quota-gate.js';
import { registerAnalyzeRoutes } from './routes/analyze-routes.js';
import { registerCdnRoutes } from './routes/cdn-routes.js';
import { registerCorsRoutes } from './routes/cors-routes.js';
import { registerCropsRoutes } from './routes/crops-routes.js';
import type { RenderAuthorizer, RenderPeek } from './access/authorize-render.js';
import { registerCompatRoutes } from './routes/compat-routes.js';
import { registerFilesRoutes } from './routes/files-routes.js';
import { registerHealthRoutes } from './routes/health-routes.js';
import { registerSourcesRoutes } from './routes/sources-routes.js';
import { registerPresetsRoutes } from './routes/presets-routes.js';
import { registerSourceRenderRoutes } from './routes/source-render-routes.js';
import { registerHostMappedSources } from './routes/host-sources.js';
import { createSourceAuthorizer, type SourceAuthorizer } from './access/authorize-source.js';
import { renderPipeline } from '../render/plan-rendition.js';
import { registerWebRoutes } from './routes/web-routes.js';
import { registerOpenApi, registerOpenApiRoutes } from './openapi.js';
import { recordRoutes, type RouteEntry } from './route-table.js';
import { packageVersion } from '../config/package-version.js';

/** How callers are identified, authorised to render and charged; open and unlimited by default. */
export interface AccessControl {
  readonly resolvePrincipal: PrincipalResolver;
  readonly authorizeRender: RenderAuthorizer;
  /** `authorizeRender` from memory alone, for cache hits answered before Fastify; without it every hit takes the full path. */
  readonly peekRender?: RenderPeek;
  readonly quota: QuotaGate;
  /** Who may render from a source (`/src/…`); without it, keys and sessions of the owner and public sources. */
  readonly authorizeSource?: SourceAuthorizer;
  /** Extra routes of the access layer (login, keys, usage). */
  readonly registerRoutes?: (app: FastifyInstance) => void;
}

export interface BuildAppOptions {
  /** Required: who may do what (src/http/access for the real thing, open-access.ts for tests). */
  readonly access: AccessControl;
  /** Logger: false to silence (tests), or pino options. */
  readonly logger?: boolean | { level: string };
  /** Answer cache hits before Fastify (fast-hits.ts) when the access layer can peek; default true. */
  readonly fastHits?: boolean;
}


/**
 * Offers each request on the app's server to the hit path before Fastify's own handler. Done on the
 * server Fastify built (not with serverFactory) so its timeouts, extra `localhost` bindings and
 * other server options stay exactly Fastify's; the extra bindings simply use the full path.
 */
function offerToFastHits(server: Server, fastHits: FastHits): void {
  const handlers = server.listeners('request') as Array<(request: IncomingMessage, response: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!lacksHost(request) && fastHits.serve(request, response)) return;
    for (const handler of handlers) handler(request, response);
  });
}

/** HTTP/1.1 requires a Host header (RFC 9112 §3.2); Node's own check is off so the refusal can be JSON. */
export function lacksHost(request: IncomingMessage): boolean {
  return request.httpVersion === '1.1' && request.headers.host === undefined;
}

function emptyBodyAsObject(request: FastifyRequest, _reply: FastifyReply, done: () => void): void {
  if (request.body == null) request.body = {};
  done();
}

/** Builds the Fastify app from its services; `server.ts` only listens. */
export async function buildApp(services: Services, options: BuildAppOptions): Promise<{ app: FastifyInstance; metrics: Metrics; routes: readonly RouteEntry[] }> {
  const { limits } = services.config;
  const serverOptions: FastifyHttpOptions<Server> = {
    logger: options.logger ?? { level: services.config.logLevel },
    genReqId: (request) => requestIdFor(request.headers),
    bodyLimit: 1024 * 1024,
    // One line per response (below) instead of two per request: logging was a sixth of a cache hit's cost.
    logController: new LogController({ disableRequestLogging: true }),
    // Only as many proxy hops as configured are believed (X-Forwarded-For/-Proto), so a client
    // reaching the server directly cannot pick its own address or scheme.
    trustProxy: services.config.trustProxy,
    // Idle keep-alive sockets are closed on shutdown; in-flight requests are let finish.
    forceCloseConnections: 'idle',
    // Malformed URLs and over-long ids are refused before routing, where the error handler is not reached.
    frameworkErrors: sendError,
    // Requests Node's parser refuses (over 16 KB of headers, NUL, raw UTF-8, bare CR) in the house error shape too.
    clientErrorHandler: handleClientError,
    // Node would answer a missing Host with an empty 400 before Fastify; the onRequest hook answers it in JSON.
    http: { requireHostHeader: false },
    // Route schemas are the edge's validation; their errors carry the schema and the value (schema-errors.ts).
    // No coercion (a JSON "5" is not the integer 5, as before), and an undeclared field is refused, not dropped.
    // Query and path values are strings: their schemas say `type: 'string'` with a pattern.
    ajv: { customOptions: { verbose: true, coerceTypes: false, removeAdditional: false } },
    schemaErrorFormatter: schemaError,
  };
  const metrics = createMetrics({ renditions: services.renditions, decoded: services.decoded, pool: services.pool, work: services.work });
  const { access } = options;
  const fastHits = options.fastHits !== false && access.peekRender !== undefined
    ? createFastHits({ peek: access.peekRender, renditions: services.renditions, metrics, limits, pipeline: renderPipeline(services) })
    : undefined;
  const app = Fastify(serverOptions);
  // Response schemas describe the JSON answers (OpenAPI, checked against real answers by the tests); they do
  // not filter them: fast-json-stringify would silently drop any field a schema forgot.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  const routes = recordRoutes(app);
  // A route with a body schema reads a missing (or `null`) JSON body as `{}`, as its fields are all named;
  // added to those routes alone, so no other request pays for the hook.
  app.addHook('onRoute', (route) => {
    if (route.schema?.body === undefined) return;
    const own = route.preValidation === undefined ? [] : Array.isArray(route.preValidation) ? route.preValidation : [route.preValidation];
    route.preValidation = [emptyBodyAsObject, ...own];
  });
  // Before any route: the document is collected from the routes as they are registered.
  await registerOpenApi(app, { version: packageVersion() });
  if (fastHits !== undefined) {
    offerToFastHits(app.server, fastHits);
    fastHits.setLogger(app.log);
    app.addHook('preClose', async () => {
      fastHits.stop();
    });
  }
  registerErrorHandler(app);
  registerDrainOnClose(app);
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id).headers(SECURITY_HEADERS);
    if (lacksHost(request.raw)) throw new AppError('invalid_request', 'An HTTP/1.1 request must carry a Host header');
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.requests.inc({ method: request.method, route: request.routeOptions.url ?? 'unknown', status: String(reply.statusCode) });
    // Cache hits and 304s are the bulk of traffic and are counted in /metrics; they log at debug.
    const routine = reply.statusCode < 400 && reply.getHeader('x-convertly-cache') !== 'miss' && request.method === 'GET';
    request.log[routine ? 'debug' : 'info'](
      { method: request.method, url: request.url, statusCode: reply.statusCode, responseTimeMs: Math.round(reply.elapsedTime * 10) / 10 },
      'request completed',
    );
  });
  await app.register(fastifyMultipart, { limits: { fileSize: limits.maxUploadBytes, files: 1, fields: 10, parts: 20 } });
  // /healthz and /readyz need no credential and /metrics has its own (METRICS_TOKEN), which is no API key.
  const ownCredential = new Set(['/healthz', '/readyz', '/metrics']);
  registerAuthentication(app, async (request) =>
    ownCredential.has(request.routeOptions.url ?? '') ? { kind: 'anonymous' } : access.resolvePrincipal(request),
  );
  const renditionContext = { services, metrics, quota: access.quota };
  const authorizeSource = access.authorizeSource ?? createSourceAuthorizer(services);
  // After authentication (it needs the principal), before every route: a mapped host's paths are its source's.
  registerHostMappedSources(app, renditionContext, authorizeSource);
  registerHealthRoutes(app, services, metrics);
  await app.register(async (uploads) => {
    // Raw uploads (the body is the image, with its own content type), only where images are
    // accepted, so no other route can be made to buffer 50 MB.
    for (const type of [/^image\//, 'application/octet-stream']) {
      uploads.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: limits.maxUploadBytes }, (_request, body, done) => {
        done(null, body);
      });
    }
    // Any other body type here (text, forms, PDFs…) is not an image: refused unread, as SPEC §3 says.
    uploads.removeContentTypeParser('text/plain');
    uploads.addContentTypeParser('*', (_request, _payload, done) => done(notAnImage(), undefined));
    // A write without a workspace credential is refused before its body is read.
    uploads.addHook('onRequest', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') requireWorkspace(request.principal);
    });
    registerFilesRoutes(uploads, services, metrics, access.quota);
    registerAnalyzeRoutes(uploads, services, metrics, access.quota);
  });
  registerCropsRoutes(app, services);
  registerCdnRoutes(app, renditionContext, access.authorizeRender, fastHits);
  registerCompatRoutes(app, renditionContext, access.authorizeRender, { authorizeSource });
  registerSourcesRoutes(app, services);
  registerPresetsRoutes(app, services);
  registerSourceRenderRoutes(app, renditionContext, authorizeSource, { fastHits, peekRender: access.peekRender });
  registerCorsRoutes(app);
  access.registerRoutes?.(app);
  await registerOpenApiRoutes(app);
  await registerWebRoutes(app);
  return { app, metrics, routes };
}
