import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors/app-error.js';
import { splitCloudinaryPath, translateCloudinaryToSpec, translateImgixToSpec, type SpecTranslation } from '../../compat/index.js';
import { parseTransform, type RawQuery } from '../../params/parse-transform.js';
import type { TransformSpec } from '../../params/transform-spec.js';
import { parseSourcePath } from '../../services/sources/source-path.js';
import type { FileRecord, SourceRecord } from '../../storage/index.js';
import type { SourceAuthorizer } from '../access/authorize-source.js';
import type { RenditionContext } from '../serve-rendition.js';
import { unsupportedHeader } from '../unsupported-header.js';
import { serveSourcePath, sourceFile } from './source-render-routes.js';
import { specWithPreset } from '../resolve-preset.js';

/** Convertly's own access parameters are not part of an imgix or Cloudinary URL. */
const ACCESS_PARAMS = new Set(['key', 's', 'expires']);
/** `/[cloud/]image/upload/{transformations}/{public id}.{ext}`, as on res.cloudinary.com. */
const CLOUDINARY_DELIVERY = /^(?:\/[^/]+)?\/image\/upload\/(.+)$/;

function splitUrl(url: string): { path: string } {
  const mark = url.indexOf('?');
  return { path: mark === -1 ? url : url.slice(0, mark) };
}

function withoutAccessParams(query: RawQuery): RawQuery {
  return Object.fromEntries(Object.entries(query).filter(([name]) => !ACCESS_PARAMS.has(name)));
}

/** The object path a request on a mapped host names, read in the source's dialect. */
function objectPath(source: SourceRecord, urlPath: string): { path: string; transformations?: string; extension?: string | undefined } {
  if (source.dialect !== 'cloudinary') return { path: parseSourcePath(urlPath.replace(/^\/+/, '')) };
  const match = CLOUDINARY_DELIVERY.exec(urlPath);
  const parts = match?.[1] === undefined ? null : splitCloudinaryPath(match[1]);
  if (parts === null) throw new AppError('not_found', 'Expected a Cloudinary delivery path on this host: /image/upload/{transformations}/{public id}.{ext}');
  // Like Cloudinary's fetch and auto-upload mapping, the delivery name (extension included) is the object's path.
  const path = parseSourcePath([parts.publicId, parts.extension].filter((part) => part !== undefined).join('.').split('/').map(encodeURIComponent).join('/'));
  return { path, transformations: parts.transformations, extension: parts.extension };
}

function specFor(source: SourceRecord, request: FastifyRequest, file: FileRecord, read: ReturnType<typeof objectPath>): { spec: TransformSpec; translation?: SpecTranslation } {
  const sourceSize = { width: file.width, height: file.height };
  const query = request.query as RawQuery;
  if (source.dialect === 'imgix') {
    const translation = translateImgixToSpec(withoutAccessParams(query), { sourceSize });
    return { spec: translation.spec, translation };
  }
  if (source.dialect === 'cloudinary') {
    const translation = translateCloudinaryToSpec(read.transformations ?? '', { sourceSize, ...(read.extension === undefined ? {} : { extension: read.extension }) });
    return { spec: translation.spec, translation };
  }
  return { spec: parseTransform(query) };
}

async function serveMapped(context: RenditionContext, authorize: SourceAuthorizer, request: FastifyRequest, reply: FastifyReply, source: SourceRecord) {
  const read = objectPath(source, splitUrl(request.url).path);
  // Native parameters are checked before any fetch, as on /src/; the dialects need the source size first.
  const nativeSpec = source.dialect === 'native' ? parseTransform(request.query as RawQuery) : undefined;
  const grant = await authorize(request, source);
  const file = await sourceFile(context.services, grant, read.path);
  const { spec: parsed, translation } = nativeSpec === undefined ? specFor(source, request, file, read) : { spec: nativeSpec, translation: undefined };
  // A preset (preset=, or Cloudinary t_NAME) is the source's workspace's, applied under the URL's own parameters.
  const spec = await specWithPreset(context.services, file.workspaceId, translation?.translation.query ?? (request.query as RawQuery), parsed);
  if (translation !== undefined && source.dialect !== 'native') {
    const unsupported = unsupportedHeader(translation.translation.unsupported, source.dialect);
    if (unsupported !== undefined) void reply.header('x-convertly-unsupported', unsupported);
  }
  return serveSourcePath(context, request, reply, { grant, file, spec });
}

/**
 * Host-mapped sources (issue 14 §2): a request whose Host is mapped to a source is `GET /{path…}?{params}` on that
 * source, read in its dialect, so `https://shop.imgix.net/a.jpg?w=400` works as `https://img.shop.com/a.jpg?w=400`.
 * Runs as an early hook (after authentication) so no route of the service itself shadows a path on such a host.
 */
export function registerHostMappedSources(app: FastifyInstance, context: RenditionContext, authorize: SourceAuthorizer): void {
  const { sources } = context.services;
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    const host = request.hostname.toLowerCase();
    const source = sources.peekHost(host) ?? (await sources.findByHost(host));
    if (source === null) return;
    await serveMapped(context, authorize, request, reply, source);
    return reply;
  });
}
