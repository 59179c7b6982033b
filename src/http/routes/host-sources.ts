import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors/app-error.js';
import { splitCloudinaryPath, translateCloudinaryToSpec, translateImgixToSpec, type SpecTranslation } from '../../compat/index.js';
import { parseTransform, type RawQuery } from '../../params/parse-transform.js';
import type { TransformSpec } from '../../params/transform-spec.js';
import { parseSourcePath } from '../../services/sources/source-path.js';
import type { FileRecord, SourceRecord } from '../../storage/index.js';
import type { SourceAuthorizer, SourceGrant } from '../access/authorize-source.js';
import { verifyImgixSignature } from '../../accounts/imgix-signature.js';
import { serverImgixToken, type ImgixTokenLookup } from '../imgix-token.js';
import type { RenditionContext } from '../serve-rendition.js';
import { unsupportedHeader } from '../unsupported-header.js';
import { serveSourcePath, sourceFile } from './source-render-routes.js';
import { specWithPreset } from '../resolve-preset.js';

/** Who may render on a mapped host: the source authorizer, and for imgix-dialect sources imgix's own signature. */
interface MappedAccess {
  readonly authorize: SourceAuthorizer;
  readonly imgixTokenFor: ImgixTokenLookup;
}

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

/**
 * imgix's own `s=` on a host mapped to an imgix-dialect source, when an imgix secure URL token is set: a match
 * grants the render as a Convertly signature would, a mismatch is a 403 (as on `/imgix/`). Null when it does not
 * apply (no `s`, no token: `s` may then be Convertly's own signature, which the source authorizer checks).
 * @throws invalid_signature
 */
async function imgixGrant(request: FastifyRequest, source: SourceRecord, tokenFor: ImgixTokenLookup): Promise<SourceGrant | null> {
  if (source.dialect !== 'imgix' || (request.query as RawQuery).s === undefined) return null;
  const token = await tokenFor(source.workspaceId);
  if (token === null) return null;
  // imgix signs the path on its own host, which is this host's path as received: nothing to strip.
  if (verifyImgixSignature({ requestTarget: request.raw.url ?? request.url, tokens: [token] }) !== 'valid') {
    throw new AppError('invalid_signature', 'The imgix signature (s=) does not match this URL; sign it with the imgix secure URL token this server is configured with');
  }
  return { workspaceId: source.workspaceId, source, visibility: 'public' };
}

async function serveMapped(context: RenditionContext, access: MappedAccess, request: FastifyRequest, reply: FastifyReply, source: SourceRecord) {
  const read = objectPath(source, splitUrl(request.url).path);
  // Native parameters are checked before any fetch, as on /src/; the dialects need the source size first.
  const nativeSpec = source.dialect === 'native' ? parseTransform(request.query as RawQuery) : undefined;
  const grant = (await imgixGrant(request, source, access.imgixTokenFor)) ?? (await access.authorize(request, source, [read.path]));
  const { file, held } = await sourceFile(context.services, grant, read.path);
  const { spec: parsed, translation } = nativeSpec === undefined ? specFor(source, request, file, read) : { spec: nativeSpec, translation: undefined };
  // A preset (preset=, or Cloudinary t_NAME) is the source's workspace's, applied under the URL's own parameters.
  const spec = await specWithPreset(context.services, file.workspaceId, translation?.translation.query ?? (request.query as RawQuery), parsed);
  if (translation !== undefined && source.dialect !== 'native') {
    const unsupported = unsupportedHeader(translation.translation.unsupported, source.dialect);
    if (unsupported !== undefined) void reply.header('x-convertly-unsupported', unsupported);
  }
  return serveSourcePath(context, request, reply, { grant, file, held, spec });
}

/**
 * Host-mapped sources (issue 14 §2): a request whose Host is mapped to a source is `GET /{path…}?{params}` on that
 * source, read in its dialect, so `https://shop.imgix.net/a.jpg?w=400` works as `https://img.shop.com/a.jpg?w=400`.
 * Runs as an early hook (after authentication) so no route of the service itself shadows a path on such a host.
 */
export function registerHostMappedSources(app: FastifyInstance, context: RenditionContext, authorize: SourceAuthorizer, imgixTokenFor?: ImgixTokenLookup): void {
  const { sources } = context.services;
  const access: MappedAccess = { authorize, imgixTokenFor: imgixTokenFor ?? serverImgixToken(context.services.config.imgixSecureToken) };
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    const host = request.hostname.toLowerCase();
    const source = sources.peekHost(host) ?? (await sources.findByHost(host));
    if (source === null) return;
    await serveMapped(context, access, request, reply, source);
    return reply;
  });
}
