import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, invalidParameter } from '../../errors/app-error.js';
import { parseTransform, type RawQuery } from '../../params/parse-transform.js';
import type { TransformSpec } from '../../params/transform-spec.js';
import type { Services } from '../../services/create-services.js';
import { UPLOADS_SOURCE } from '../../services/sources/parse-new-source.js';
import { peekSourceFile, resolveSourceFile } from '../../services/sources/source-files.js';
import type { ResolvedFile } from '../../services/sources/first-fetch.js';
import type { RenderPeek } from '../access/authorize-render.js';
import type { FastHits, UrlPeek } from '../fast-hits.js';
import { parseSourcePath } from '../../services/sources/source-path.js';
import type { FileRecord } from '../../storage/index.js';
import type { SourceAuthorizer, SourceGrant } from '../access/authorize-source.js';
import { serveRendition, type RenditionContext } from '../serve-rendition.js';
import { namesPreset, specWithPreset } from '../resolve-preset.js';
import { renderRouteOptions } from '../schemas/render-schemas.js';

const PREFIX = '/src/';

function pathOf(url: string): string {
  const mark = url.indexOf('?');
  return mark === -1 ? url : url.slice(0, mark);
}

/**
 * The file a granted source path names: fetched on first use from an added source, or the upload stored under
 * that path for the built-in `uploads`.
 * @throws not_found, origin_unavailable, forbidden, image_too_large, unsupported_image
 */
export async function sourceFile(services: Services, grant: SourceGrant, path: string): Promise<ResolvedFile> {
  if (grant.source !== null) return resolveSourceFile(services, grant.source, path);
  const file = await services.files.findByPath(grant.workspaceId, UPLOADS_SOURCE, path);
  if (file === null) throw new AppError('not_found', `No upload stored at ${path}`);
  return { file };
}

/**
 * How long a render of a path may be kept downstream: the same URL shows new bytes once the origin changes (or the
 * path is uploaded again), so no longer than a copy is trusted (`SOURCES_TTL_SECONDS`), nor past a signature.
 */
export function pathCaching(services: Services, grant: SourceGrant): { maxAgeSeconds: number; expiresAt: number | undefined } {
  return { maxAgeSeconds: services.config.sources.ttlSeconds, expiresAt: grant.expiresAt };
}

/** Serves one granted path with a spec, through the same answer path as `/cdn/` (ETag, 304, caching, quota). */
export function serveSourcePath(
  context: RenditionContext,
  request: FastifyRequest,
  reply: FastifyReply,
  target: ResolvedFile & { readonly grant: SourceGrant; readonly spec: TransformSpec },
): Promise<FastifyReply> {
  const { grant, file, spec, held } = target;
  return serveRendition(context, request, reply, { file, spec, visibility: grant.visibility, ...pathCaching(context.services, grant) }, held);
}

/**
 * The grant of a learned `/src/` URL from memory alone, for the hit path: the caller's key or session still grants
 * the file, and the path still names it and is fresh (else the full path fetches or revalidates).
 */
function sourcePeek(services: Services, peekRender: RenderPeek, learned: { grant: SourceGrant; file: FileRecord; path: string }): UrlPeek {
  const { grant, file, path } = learned;
  const { maxAgeSeconds } = pathCaching(services, grant);
  return (credentials) => {
    const granted = peekRender(credentials, file.id);
    if (granted === undefined || granted.visibility !== grant.visibility) return undefined;
    const current = grant.source === null ? services.files.peekPath(grant.workspaceId, UPLOADS_SOURCE, path) : peekSourceFile(services, grant.source, path);
    if (current == null || current.id !== file.id) return undefined;
    return { file: current, visibility: granted.visibility, maxAgeSeconds };
  };
}

export interface SourceRenderOptions {
  /** The pre-Fastify hit path, and the access layer's memory-only grant it answers with. */
  readonly fastHits?: FastHits | undefined;
  readonly peekRender?: RenderPeek | undefined;
}

/** `GET /src/{source}/{path…}?{params}`: renders an image where it lives (issue 14), or an upload stored under a path. */
export function registerSourceRenderRoutes(app: FastifyInstance, context: RenditionContext, authorize: SourceAuthorizer, options: SourceRenderOptions = {}): void {
  const { fastHits, peekRender } = options;
  app.get('/src/*', renderRouteOptions('Render an image where it lives: /src/{source}/{path} (an added source, fetched on first use, or uploads for files stored under a path)'), async (request, reply) => {
    const query = request.query as RawQuery;
    const parsed = parseTransform(query);
    const rest = pathOf(request.url).slice(PREFIX.length);
    const slash = rest.indexOf('/');
    if (slash <= 0) throw new AppError('not_found', 'Use /src/{source}/{path}: a source name, then the image path in it');
    const rawName = rest.slice(0, slash);
    let name: string;
    try {
      name = decodeURIComponent(rawName);
    } catch {
      throw invalidParameter('source', 'a source name', rawName);
    }
    const path = parseSourcePath(rest.slice(slash + 1));
    const grant = await authorize(request, name, [path]);
    const { file, held } = await sourceFile(context.services, grant, path);
    const spec = await specWithPreset(context.services, file.workspaceId, query, parsed);
    const answered = await serveSourcePath(context, request, reply, { grant, file, held, spec });
    // Hits of a key or session's URLs are answered before Fastify next time, as /cdn/'s are (signed ones are not: their max-age
    // counts down; nor are URLs with a preset or a mark, which can change under the same URL).
    if (request.method === 'GET' && fastHits !== undefined && peekRender !== undefined && grant.expiresAt === undefined && !namesPreset(query) && spec.operations.mark === undefined) {
      fastHits.learn(request.raw.url ?? request.url, { fileId: file.id, query, spec, peek: sourcePeek(context.services, peekRender, { grant, file, path }) });
    }
    return answered;
  });
}
