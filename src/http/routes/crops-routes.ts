import type { FastifyInstance } from 'fastify';
import { invalidParameter } from '../../errors/app-error.js';
import { parseTransform, type RawQuery } from '../../params/parse-transform.js';
import { GRAVITY_NAMES, type Gravity } from '../../params/vocabulary.js';
import type { Services } from '../../services/create-services.js';
import { planStoredCrop, type CropPlan } from '../../services/plan-crops.js';
import { findStoredFile } from '../../services/stored-files.js';
import type { FileRecord } from '../../storage/index.js';
import { requireWorkspace } from '../principal.js';
import { RENDER_QUERY } from '../schemas/render-schemas.js';
import { CROP_GRID, CROP_PLAN } from '../schemas/plan-schemas.js';
import { FILE_PARAMS } from '../schemas/file-schemas.js';

const DEFAULT_GRAVITIES: readonly Gravity[] = ['focal', 'face', 'faces', 'smart', 'auto'];
const ASPECT = /^([1-9]\d{0,2}):([1-9]\d{0,2})$/;
const DEFAULT_ASPECTS = ['1:1', '4:5', '16:9', '9:16'];
const DEFAULT_SIZE = 320;
const MAX_CELLS = 64;
// The plan of a render (cdn query) and the grid's own parameters are kept apart: these are not render params.
const GRID_PARAMS = new Set(['gravity', 'aspect', 'size']);
/** The grid's parameters, for the document: checked below with their own 400 messages. */
const GRID_QUERY = {
  type: 'object',
  properties: {
    gravity: { type: 'string', description: `comma-separated gravities of ${GRAVITY_NAMES.join(', ')} (default ${DEFAULT_GRAVITIES.join(',')})` },
    aspect: { type: 'string', description: `comma-separated ratios such as 1:1,16:9 (default ${DEFAULT_ASPECTS.join(',')}); at most ${MAX_CELLS} cells in all` },
    size: { type: 'string', description: `the longer side of each cell in pixels, 16 to 2048 (default ${DEFAULT_SIZE})` },
  },
} as const;
const PLAN_QUERY = {
  ...RENDER_QUERY,
  properties: { ...RENDER_QUERY.properties, accept: { type: 'string', description: 'the Accept header to negotiate f=auto for (default: this request\'s)' } },
} as const;

function single(query: RawQuery, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParameter(name, 'a single value', value);
  return value;
}

function list(query: RawQuery, name: string): string[] | undefined {
  const value = single(query, name);
  return value === undefined ? undefined : value.split(',').map((item) => item.trim());
}

function parseGravities(query: RawQuery): readonly Gravity[] {
  const names = list(query, 'gravity') ?? DEFAULT_GRAVITIES;
  for (const name of names) {
    if (!(GRAVITY_NAMES as readonly string[]).includes(name)) throw invalidParameter('gravity', `a comma-separated list of ${GRAVITY_NAMES.join(', ')}`, query['gravity']);
  }
  return names as Gravity[];
}

function parseAspects(query: RawQuery): { label: string; w: number; h: number }[] {
  return (list(query, 'aspect') ?? DEFAULT_ASPECTS).map((label) => {
    const match = ASPECT.exec(label);
    if (match === null) throw invalidParameter('aspect', 'a comma-separated list of ratios such as 1:1,16:9', query['aspect']);
    return { label, w: Number(match[1]), h: Number(match[2]) };
  });
}

function parseSize(query: RawQuery): number {
  const raw = single(query, 'size');
  if (raw === undefined) return DEFAULT_SIZE;
  const size = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!(size >= 16 && size <= 2048)) throw invalidParameter('size', 'an integer from 16 to 2048', raw);
  return size;
}

function planJson(plan: CropPlan): Record<string, unknown> {
  const { x, y, width, height } = plan.window;
  return { ...plan, window: { x, y, width, height }, windowHeader: `${x},${y},${width},${height}` };
}

function cdnUrl(file: FileRecord, query: string): string {
  return `/cdn/${file.id}${query === '' ? '' : `?${query}`}`;
}

/**
 * Free crop plans (no render is delivered, nothing is charged), for the dashboard's previews:
 * - `GET /api/files/{id}/crops?gravity=&aspect=&size=`: the window each gravity cuts at each aspect,
 *   with the URL whose `X-Convertly-Window` it equals;
 * - `GET /api/files/{id}/plan?{render params}`: the same for one render URL (its window, output size,
 *   negotiated format for the `accept` param or the request's Accept), or the render's own 400.
 */
export function registerCropsRoutes(app: FastifyInstance, services: Services): void {
  const crops = { summary: 'The window each gravity cuts at each aspect, free', tags: ['files'], params: FILE_PARAMS, response: { 200: CROP_GRID } };
  app.get<{ Params: { id: string } }>('/api/files/:id/crops', { schema: crops, config: { openapi: { querystring: GRID_QUERY } } }, async (request, reply) => {
    const workspaceId = requireWorkspace(request.principal);
    const query = request.query as RawQuery;
    for (const name of Object.keys(query)) {
      if (!GRID_PARAMS.has(name)) throw invalidParameter(name, 'no such parameter (this takes gravity, aspect and size)', query[name]);
    }
    const gravities = parseGravities(query);
    const aspects = parseAspects(query);
    const size = parseSize(query);
    if (gravities.length * aspects.length > MAX_CELLS) throw invalidParameter('aspect', `at most ${MAX_CELLS} gravity × aspect cells`, query['aspect']);
    const file = await findStoredFile(services, workspaceId, request.params.id);
    const cells = [];
    for (const gravity of gravities) {
      for (const aspect of aspects) {
        const scale = size / Math.max(aspect.w, aspect.h);
        const [w, h] = [Math.max(1, Math.round(aspect.w * scale)), Math.max(1, Math.round(aspect.h * scale))];
        const query = `w=${w}&h=${h}&gravity=${gravity}`;
        const spec = parseTransform({ w: String(w), h: String(h), gravity });
        const plan = await planStoredCrop(services, file, spec, request.headers.accept);
        cells.push({ gravity, aspect: aspect.label, url: cdnUrl(file, query), ...planJson(plan) });
      }
    }
    return reply.header('cache-control', 'no-store').send({ fileId: file.id, version: file.version, width: file.width, height: file.height, cells });
  });

  const plan = { summary: 'What one render URL would cut and send, free', tags: ['files'], params: FILE_PARAMS, response: { 200: CROP_PLAN } };
  app.get<{ Params: { id: string } }>('/api/files/:id/plan', { schema: plan, config: { openapi: { querystring: PLAN_QUERY } } }, async (request, reply) => {
    const workspaceId = requireWorkspace(request.principal);
    const query = { ...(request.query as RawQuery) };
    const accept = single(query, 'accept') ?? request.headers.accept;
    delete query['accept'];
    // The render's own rules, so a URL the builder shows as valid is one the CDN answers.
    const spec = parseTransform(query);
    const file = await findStoredFile(services, workspaceId, request.params.id);
    const plan = await planStoredCrop(services, file, spec, accept);
    return reply.header('cache-control', 'no-store').send(planJson(plan));
  });
}
