import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isAppError } from '../../errors/app-error.js';
import type { RenderGrant } from '../../render/plan-rendition.js';
import { UPLOADS_SOURCE } from '../../services/sources/parse-new-source.js';
import { isFileId } from '../../storage/index.js';
import type { SourceAuthorizer } from '../access/authorize-source.js';
import { pathCaching } from './source-render-routes.js';
import {
  imgixFileId,
  splitCloudinaryPath,
  translateCloudinaryToSpec,
  translateImgixToSpec,
  type SpecTranslation,
} from '../../compat/index.js';
import type { RawQuery } from '../../params/query-values.js';
import { authorizeImgixRender } from '../authorize-imgix-render.js';
import { serverImgixToken, type ImgixTokenLookup } from '../imgix-token.js';
import { requireWorkspace } from '../principal.js';
import { serveRendition, type RenditionContext } from '../serve-rendition.js';
import { specWithPreset } from '../resolve-preset.js';
import { unsupportedHeader } from '../unsupported-header.js';
import type { RenderAuthorizer } from '../access/authorize-render.js';
import { cloudinaryRouteError } from './cloudinary-route-error.js';
import { migrateBody } from './migrate-body.js';
import { migrateUrl } from './migrate-url.js';
import { IMAGE_RESPONSE, MIGRATE_BODY, MIGRATE_RESPONSE, NOT_MODIFIED, RENDER_CREDENTIALS } from '../schemas/render-schemas.js';

const IMGIX_PREFIX = '/imgix';
const CLOUDINARY_PREFIX = '/cloudinary/image/upload/';
/** Convertly's own access parameter is not part of the imgix URL: it must not be reported as unsupported. */
const CONVERTLY_ACCESS_PARAMS = ['key'];
const RENDITION = { 200: IMAGE_RESPONSE, 304: NOT_MODIFIED };

export interface CompatRouteOptions {
  /** Where imgix secure URL tokens come from (default: the server-wide `IMGIX_SECURE_TOKEN`). */
  readonly imgixTokenFor?: ImgixTokenLookup;
  /** Resolves Cloudinary public ids with folders to uploads stored under that path (`uploads`); without it, file ids only. */
  readonly authorizeSource?: SourceAuthorizer;
}

/**
 * The file a Cloudinary public id names: a file id, else an upload stored under the delivery path
 * (`products/shoe.jpg`, then `products/shoe`), so migrated Cloudinary URLs with folders keep working.
 * @throws not_found, unauthorized, invalid_signature
 */
async function cloudinaryFile(
  request: FastifyRequest,
  parts: { readonly publicId: string; readonly extension?: string | undefined },
  access: { readonly authorize: RenderAuthorizer; readonly authorizeSource: SourceAuthorizer | undefined; readonly services: RenditionContext['services'] },
): Promise<RenderGrant> {
  let missing: unknown = new AppError('not_found', `No file ${parts.publicId}`);
  if (isFileId(parts.publicId)) {
    try {
      return await access.authorize(request, parts.publicId);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'not_found' || access.authorizeSource === undefined) throw error;
      missing = error;
    }
  }
  if (access.authorizeSource === undefined) throw missing;
  const candidates = parts.extension === undefined ? [parts.publicId] : [`${parts.publicId}.${parts.extension}`, parts.publicId];
  const grant = await access.authorizeSource(request, UPLOADS_SOURCE, candidates);
  for (const path of candidates) {
    const file = await access.services.files.findByPath(grant.workspaceId, UPLOADS_SOURCE, path);
    if (file !== null) return { file, visibility: grant.visibility, ...pathCaching(access.services, grant) };
  }
  throw missing;
}

interface TranslatedRendition extends RenderGrant {
  readonly translated: SpecTranslation;
  readonly dialect: 'imgix' | 'cloudinary';
}

function pathOf(url: string): string {
  const mark = url.indexOf('?');
  return mark === -1 ? url : url.slice(0, mark);
}

/**
 * The file an `/imgix/…` path names, read as `convertly migrate-url` reads it.
 * @throws invalid_parameter when the last segment is not valid percent-encoding; not_found when it names no file
 */
function imgixRouteFileId(path: string): string {
  const found = imgixFileId(path);
  if (found.ok) return found.fileId;
  if (found.reason === 'bad_encoding') {
    throw new AppError('invalid_parameter', `The path ${JSON.stringify(found.segment)} is not valid percent-encoding`);
  }
  throw new AppError('not_found', 'No file id in the path: use /imgix/{fileId}?{imgix parameters}');
}

function withoutAccessParams(query: RawQuery): RawQuery {
  return Object.fromEntries(Object.entries(query).filter(([name]) => !CONVERTLY_ACCESS_PARAMS.includes(name)));
}

/** The same response path as `/cdn/`: the translation carries the spec its `/cdn/` URL parses to (with its preset, from `t_NAME`, applied). */
async function serveTranslated(context: RenditionContext, request: FastifyRequest, reply: FastifyReply, rendition: TranslatedRendition): Promise<FastifyReply> {
  const { translation } = rendition.translated;
  const spec = await specWithPreset(context.services, rendition.file.workspaceId, translation.query, rendition.translated.spec);
  const unsupported = unsupportedHeader(translation.unsupported, rendition.dialect);
  if (unsupported !== undefined) void reply.header('x-convertly-unsupported', unsupported);
  return serveRendition(context, request, reply, { file: rendition.file, spec, visibility: rendition.visibility, expiresAt: rendition.expiresAt, maxAgeSeconds: rendition.maxAgeSeconds, crossOrigin: rendition.crossOrigin });
}

/**
 * imgix and Cloudinary URLs served as they are (SPEC §5), and the URL translation as an API:
 * `GET /imgix/{fileId}?…`, `GET /cloudinary/image/upload/{transformations}/{fileId}[.ext]`, `POST /api/migrate/url`.
 */
export function registerCompatRoutes(
  app: FastifyInstance,
  context: RenditionContext,
  authorize: RenderAuthorizer,
  options: CompatRouteOptions = {},
): void {
  const tokenFor = options.imgixTokenFor ?? serverImgixToken(context.services.config.imgixSecureToken);

  app.get('/imgix/*', { schema: { summary: 'An imgix URL served as it is: /imgix/{fileId}?{imgix parameters}', tags: ['migration'], security: RENDER_CREDENTIALS, response: RENDITION } }, async (request, reply) => {
    const fileId = imgixRouteFileId(pathOf(request.url).slice(IMGIX_PREFIX.length));
    const access = { services: context.services, authorize, tokenFor, prefix: IMGIX_PREFIX };
    const { file, visibility, crossOrigin } = await authorizeImgixRender(request, fileId, access);
    // Relative sizes and `ar` alone need the source size, so the file comes first.
    const sourceSize = { width: file.width, height: file.height };
    const translated = translateImgixToSpec(withoutAccessParams(request.query as RawQuery), { sourceSize });
    return serveTranslated(context, request, reply, { file, visibility, crossOrigin, translated, dialect: 'imgix' });
  });

  app.get('/cloudinary/image/upload/*', { schema: { summary: 'A Cloudinary delivery URL served as it is: {transformations}/{fileId}[.ext]', tags: ['migration'], security: RENDER_CREDENTIALS, response: RENDITION } }, async (request, reply) => {
    // The raw path, still percent-encoded: splitCloudinaryPath decodes the public id itself.
    const parts = splitCloudinaryPath(pathOf(request.url).slice(CLOUDINARY_PREFIX.length));
    if (parts === null) {
      throw new AppError('invalid_parameter', 'Expected a file id (valid percent-encoding) after the transformations: /cloudinary/image/upload/{transformations}/{fileId}[.ext]');
    }
    const { file, visibility, expiresAt, maxAgeSeconds, crossOrigin } = await cloudinaryFile(request, parts, { authorize, authorizeSource: options.authorizeSource, services: context.services });
    const translated = translateCloudinaryToSpec(parts.transformations, {
      sourceSize: { width: file.width, height: file.height },
      ...(parts.extension === undefined ? {} : { extension: parts.extension }),
    });
    return serveTranslated(context, request, reply, { file, visibility, expiresAt, maxAgeSeconds, crossOrigin, translated, dialect: 'cloudinary' });
  });

  app.get('/cloudinary/*', { schema: { summary: 'Any other Cloudinary path: a 400 saying what is served instead', tags: ['migration'], security: [] } }, async (request) => {
    throw cloudinaryRouteError(pathOf(request.url));
  });

  app.post('/api/migrate/url', {
    schema: { summary: 'Translate stored imgix or Cloudinary URLs to Convertly URLs', tags: ['migration'], response: { 200: MIGRATE_RESPONSE } },
    config: { openapi: { body: MIGRATE_BODY } },
  }, async (request) => {
    const workspaceId = requireWorkspace(request.principal);
    const { urls, dialect, source } = migrateBody(request.body);
    const results = [];
    for (const url of urls) results.push(await migrateUrl(context.services, { workspaceId, url, dialect, source }));
    return { results };
  });
}
