import type { FastifyInstance } from 'fastify';
import { AppError, invalidParameter } from '../../errors/app-error.js';
import { checkSourcePath } from '../../services/sources/source-path.js';
import { analyzeImage } from '../../analyze/analyze-image.js';
import type { Services } from '../../services/create-services.js';
import { deleteStoredFile, fileJson, findStoredFile, setStoredFocal, streamOriginal, storeUpload } from '../../services/stored-files.js';
import { MAX_PAGE_SIZE, type FileRecord, type FocalPoint } from '../../storage/index.js';
import { CONTENT_TYPES } from '../../engine/encode-options.js';
import { requireWorkspace } from '../principal.js';
import { readUpload } from '../read-upload.js';
import type { Metrics } from '../metrics.js';
import type { QuotaGate } from '../quota-gate.js';
import { focalBody } from './focal-body.js';
import { FILE_PARAMS, FILES_PAGE_SCHEMA, UPLOAD_BODY } from '../schemas/file-schemas.js';
import { jsonBody, NO_CONTENT, ref } from '../schemas/json-schema.js';

const ORIGINAL_TYPES: Readonly<Record<string, string>> = { ...CONTENT_TYPES, tiff: 'image/tiff' };


/**
 * `?path=products/shoe.jpg`: the upload is also addressed by that path (`/src/uploads/products/shoe.jpg`).
 * @throws invalid_parameter
 */
function uploadPath(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParameter('path', 'one path such as products/shoe.jpg', value);
  return checkSourcePath(value.replace(/^\/+/, ''), 'path');
}

function flag(value: unknown): boolean {
  return value === '1' || value === 'true';
}

/** `GET /api/files` query: each field's description is what the error message says it expects. */
const LIST_QUERY = {
  type: 'object',
  properties: {
    // Kept a string (digits only) so a refusal quotes what was sent; listFiles checks the range.
    limit: { type: 'string', pattern: '^[0-9]{1,15}$', description: `an integer from 1 to ${MAX_PAGE_SIZE}` },
    // A repeated cursor must not silently restart the listing from the first page.
    cursor: { type: 'string', description: 'a single cursor returned by a previous page' },
  },
} as const;

const FILE = ref('File');
const UPLOAD_QUERY = {
  type: 'object',
  properties: { analyze: { type: 'string', description: '`1` or `true` to analyse the image as it is stored (one media operation)' } },
} as const;
const ORIGINAL_BYTES = { description: 'The uploaded bytes, with their own content type', content: { 'image/*': { schema: { type: 'string', format: 'binary' } } } };
const unit = { type: 'number', minimum: 0, maximum: 1 };
const FOCAL_BODY = jsonBody({ x: unit, y: unit }, ['x', 'y'], 'The focal point as fractions of the width and height');

/** SPEC §3: upload, list, get, delete, original download, focal override. */
export function registerFilesRoutes(app: FastifyInstance, services: Services, metrics: Metrics, quota: QuotaGate): void {
  const { limits } = services.config;

  app.post('/api/files', {
    schema: { summary: 'Upload an image', tags: ['files'], querystring: UPLOAD_QUERY, response: { 201: FILE } },
    config: { openapi: { body: UPLOAD_BODY } },
  }, async (request, reply) => {
    const workspaceId = requireWorkspace(request.principal);
    const analyze = flag((request.query as Record<string, unknown>).analyze);
    const path = uploadPath((request.query as Record<string, unknown>).path);
    const upload = await readUpload(request, limits.maxUploadBytes);
    // Charged before anything is stored, so an over-quota call spends and keeps nothing.
    const charged = analyze ? await quota.charge(workspaceId, reply) : null;
    let file: FileRecord | null = null;
    try {
      file = await storeUpload(services, { workspaceId, name: upload.name ?? path?.slice(path.lastIndexOf('/') + 1), bytes: upload.bytes, path });
      if (analyze) {
        const stop = metrics.analyzeSeconds.startTimer();
        const result = await services.work.run(() => analyzeImage(upload.bytes, { pool: services.pool, limits })).finally(stop);
        file = (await services.files.saveAnalysis(workspaceId, file.id, result)) ?? file;
      }
    } catch (error) {
      // The client is told the upload failed and never learns the id, so none of it may stay.
      if (file !== null) await deleteStoredFile(services, workspaceId, file.id).catch((cleanup: unknown) => request.log.error({ err: cleanup }, 'could not remove a failed upload'));
      await charged?.refund();
      throw error;
    }
    return reply.status(201).header('location', `/api/files/${file.id}`).send(fileJson(file));
  });

  app.get<{ Querystring: { limit?: string; cursor?: string } }>('/api/files', { schema: { summary: 'List stored images, newest first', tags: ['files'], querystring: LIST_QUERY, response: { 200: FILES_PAGE_SCHEMA } } }, async (request) => {
    const workspaceId = requireWorkspace(request.principal);
    const { limit, cursor } = request.query;
    const page = await services.files.listFiles(workspaceId, { limit: limit === undefined ? undefined : Number(limit), cursor });
    return { items: page.items.map(fileJson), nextCursor: page.nextCursor };
  });

  app.get<{ Params: { id: string } }>('/api/files/:id', { schema: { summary: 'A stored image', tags: ['files'], params: FILE_PARAMS, response: { 200: FILE } } }, async (request) => {
    return fileJson(await findStoredFile(services, requireWorkspace(request.principal), request.params.id));
  });

  app.delete<{ Params: { id: string } }>('/api/files/:id', { schema: { summary: 'Delete an image and its renditions', tags: ['files'], params: FILE_PARAMS, response: { 204: NO_CONTENT } } }, async (request, reply) => {
    const workspaceId = requireWorkspace(request.principal);
    if (!(await deleteStoredFile(services, workspaceId, request.params.id))) {
      throw new AppError('not_found', `No file ${request.params.id}`);
    }
    return reply.status(204).send();
  });

  app.get<{ Params: { id: string } }>('/api/files/:id/original', { schema: { summary: 'The uploaded bytes', tags: ['files'], params: FILE_PARAMS, response: { 200: ORIGINAL_BYTES } } }, async (request, reply) => {
    const file = await findStoredFile(services, requireWorkspace(request.principal), request.params.id);
    const original = await streamOriginal(services, file);
    const asciiName = file.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    return reply
      .type(ORIGINAL_TYPES[file.format] ?? 'application/octet-stream')
      .header('content-disposition', `inline; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .header('cache-control', 'private, max-age=3600')
      .header('content-length', String(original.bytes))
      .send(original.stream);
  });

  const setFocal = async (workspaceId: string, id: string, point: FocalPoint | null) => {
    const file = await setStoredFocal(services, workspaceId, id, point);
    if (file === null) throw new AppError('not_found', `No file ${id}`);
    return fileJson(file);
  };

  app.put<{ Params: { id: string } }>('/api/files/:id/focal', {
    schema: { summary: 'Set the focal point by hand', tags: ['files'], params: FILE_PARAMS, response: { 200: FILE } },
    config: { openapi: { body: FOCAL_BODY } },
  }, async (request) => {
    const workspaceId = requireWorkspace(request.principal);
    return setFocal(workspaceId, request.params.id, focalBody(request.body));
  });

  app.delete<{ Params: { id: string } }>('/api/files/:id/focal', { schema: { summary: 'Clear the hand-set focal point', tags: ['files'], params: FILE_PARAMS, response: { 200: FILE } } }, async (request) => {
    return setFocal(requireWorkspace(request.principal), request.params.id, null);
  });
}
