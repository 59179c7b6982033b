import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors/app-error.js';
import { parsePresetName, parsePresetParams } from '../../params/preset.js';
import type { Services } from '../../services/create-services.js';
import type { PresetRecord } from '../../storage/index.js';
import { requireWorkspace } from '../principal.js';
import { closedObject, isoDate, jsonBody, NO_CONTENT, type JsonSchema } from '../schemas/json-schema.js';

const NAME_DESCRIPTION = 'a preset name: 1 to 64 letters, digits, "_" or "-", starting with a letter or digit';
const PARAMS_DESCRIPTION = 'render parameters as in a /cdn URL: an object such as {"w":300,"h":300,"fit":"cover"} or a query string "w=300&h=300"';

/** Validated by Fastify for its shape; the parameters themselves by the URL parser (parsePresetParams). */
const SAVE_PRESET_BODY = jsonBody(
  {
    name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$', description: NAME_DESCRIPTION },
    // Object or string: checked by parsePresetParams, whose 400 names the parameter (a union type here would only warn).
    params: { description: PARAMS_DESCRIPTION },
  },
  ['name', 'params'],
);

const PRESET: JsonSchema = closedObject({
  name: { type: 'string', description: 'Used as preset=NAME on /cdn, /src and dialect URLs (Cloudinary t_NAME)' },
  params: { type: 'object', additionalProperties: { type: 'string' }, description: 'The render parameters, as a URL writes them; the URL\'s own parameters override them' },
  createdAt: isoDate,
  updatedAt: isoDate,
}, 'A named transformation of the workspace');
const PRESETS_PAGE: JsonSchema = closedObject({ items: { type: 'array', items: PRESET } });
const NAME_PARAMS: JsonSchema = { type: 'object', required: ['name'], properties: { name: { type: 'string', description: NAME_DESCRIPTION } } };

export function presetJson(preset: PresetRecord): Record<string, unknown> {
  return { name: preset.name, params: preset.params, createdAt: preset.createdAt, updatedAt: preset.updatedAt };
}

/**
 * `GET /api/presets`, `POST /api/presets` (create, or replace one of that name), `DELETE /api/presets/{name}`:
 * an API key or session of the workspace, like sources (members too: presets change renders, not access);
 * delivery keys are 403.
 */
export function registerPresetsRoutes(app: FastifyInstance, services: Services): void {
  app.get('/api/presets', { schema: { summary: 'The workspace\'s presets (named transformations)', tags: ['presets'], response: { 200: PRESETS_PAGE } } }, async (request, reply) => {
    const workspaceId = requireWorkspace(request.principal);
    const presets = await services.presets.listPresets(workspaceId);
    return reply.header('cache-control', 'no-store').send({ items: presets.map(presetJson) });
  });

  app.post<{ Body: { name: string; params: unknown } }>('/api/presets', {
    schema: {
      summary: 'Create a preset, or replace the parameters of the preset of that name (201 created, 200 replaced)',
      tags: ['presets'],
      body: SAVE_PRESET_BODY,
      response: { 200: PRESET, 201: PRESET },
    },
  }, async (request, reply) => {
    const workspaceId = requireWorkspace(request.principal);
    const name = parsePresetName(request.body.name);
    const params = parsePresetParams(request.body.params);
    const { preset, created } = await services.presets.savePreset(workspaceId, name, params);
    return reply
      .status(created ? 201 : 200)
      .header('cache-control', 'no-store')
      .header('location', `/api/presets/${encodeURIComponent(name)}`)
      .send(presetJson(preset));
  });

  app.delete<{ Params: { name: string } }>('/api/presets/:name', {
    schema: { summary: 'Remove a preset (URLs naming it then answer 400)', tags: ['presets'], params: NAME_PARAMS, response: { 204: NO_CONTENT } },
  }, async (request, reply) => {
    const workspaceId = requireWorkspace(request.principal);
    if ((await services.presets.deletePreset(workspaceId, request.params.name)) === null) {
      throw new AppError('not_found', `No preset ${JSON.stringify(request.params.name)} in this workspace`);
    }
    return reply.status(204).send();
  });
}
