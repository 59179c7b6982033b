import { DIALECTS } from '../../compat/index.js';
import { RENDER_OPTIONS } from '../../params/render-param-help.js';
import { MAX_MIGRATE_URLS, MAX_URL_LENGTH } from '../routes/migrate-body.js';
import { closedObject, type JsonSchema, type SecurityRequirements } from './json-schema.js';

/** Public files need nothing; private ones a credential of the owner, a delivery key or a signed URL (`s`). */
export const RENDER_CREDENTIALS: SecurityRequirements = [{}, { apiKey: [] }, { session: [] }, { deliveryKey: [] }];

const binary: JsonSchema = { type: 'string', format: 'binary' };

/** A rendition: image bytes whose type follows `f` (or the Accept header for `f=auto`). */
export const IMAGE_RESPONSE = {
  description: 'The rendered image, with ETag, Cache-Control and X-Convertly-Cache (hit or miss)',
  content: { 'image/*': { schema: binary } },
} as const;

export const NOT_MODIFIED = { description: 'Not modified: the If-None-Match ETag still matches', type: 'null' } as const;

/**
 * The render query of `GET /cdn/{fileId}`, for the document: parseTransform checks it (with the messages
 * the CLI shares), so the route declares it as `config.openapi.querystring`, not as a validating schema.
 */
export const RENDER_QUERY = {
  type: 'object',
  properties: {
    ...Object.fromEntries(RENDER_OPTIONS.map((option) => [option.name, { type: 'string', description: option.help }])),
    debug: { type: 'string', enum: ['0', '1'], description: '1 draws the crop decision (faces, focal point, window) on the image' },
    key: { type: 'string', description: 'a delivery key `cvdk_…`' },
    s: { type: 'string', description: 'the URL signature (POST /api/sign or convertly/client signUrl)' },
    expires: { type: 'string', description: 'unix seconds after which a signed URL is refused' },
  },
} as const;

/**
 * The route options every render route shares (`/cdn/{fileId}`, `/src/{path}`): the answers, the credentials
 * and the documented query, which parseTransform checks rather than Fastify.
 */
export function renderRouteOptions(summary: string, params?: JsonSchema) {
  return {
    schema: {
      summary,
      tags: ['render'],
      ...(params === undefined ? {} : { params }),
      security: RENDER_CREDENTIALS,
      response: { 200: IMAGE_RESPONSE, 304: NOT_MODIFIED },
    },
    config: { openapi: { querystring: RENDER_QUERY } },
  };
}

const translation: JsonSchema = {
  oneOf: [
    closedObject({
      url: { type: 'string' },
      ok: { type: 'boolean', const: true },
      convertly: { type: 'string', description: 'The same image as a Convertly path and query' },
      notes: { type: 'array', items: { type: 'string' } },
      unsupported: {
        type: 'array',
        items: {
          type: 'object',
          required: ['param', 'value', 'reason'],
          additionalProperties: false,
          properties: { param: { type: 'string' }, value: { type: 'string' }, reason: { type: 'string' }, component: { type: 'string' } },
        },
      },
    }),
    closedObject({
      url: { type: 'string' },
      ok: { type: 'boolean', const: false },
      error: closedObject({ code: { type: 'string' }, message: { type: 'string' } }),
    }),
  ],
};

export const MIGRATE_RESPONSE = closedObject({ results: { type: 'array', items: translation, description: 'One per URL, in order' } });

export const MIGRATE_BODY = {
  type: 'object',
  description: 'One URL or a list, and the dialect for URLs on custom domains',
  additionalProperties: false,
  properties: {
    url: { type: 'string', maxLength: MAX_URL_LENGTH },
    urls: { type: 'array', items: { type: 'string', maxLength: MAX_URL_LENGTH }, minItems: 1, maxItems: MAX_MIGRATE_URLS },
    dialect: { type: 'string', enum: [...DIALECTS] },
  },
} as const;
