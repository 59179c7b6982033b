import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Accounts } from '../../accounts/accounts.js';
import type { KeyRecord } from '../../accounts/keys-repository.js';
import { parseOriginList } from '../../accounts/parse-origin-list.js';
import { AppError } from '../../errors/app-error.js';
import { requireWorkspace } from '../principal.js';
import { parseBody } from './parse-body.js';
import { requireOwner } from './require-owner.js';
import { CREATED_KEY, KEYS_PAGE } from '../schemas/account-schemas.js';
import { idParams, NO_CONTENT } from '../schemas/json-schema.js';

const MAX_ORIGINS = 50;
const CreateKeyBody = z
  .object({
    kind: z.enum(['api', 'delivery']).optional(),
    name: z.string().trim().min(1).max(100).optional(),
    allowedOrigins: z.array(z.string().max(300)).max(MAX_ORIGINS).optional(),
  })
  .strict();
const CREATE_FIELDS = {
  kind: '"api" or "delivery"',
  name: 'a name of 1 to 100 characters',
  allowedOrigins: `a list of at most ${MAX_ORIGINS} origins such as "https://shop.example.com" or "https://*.example.com"`,
};

const CREATE_KEY_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: ['api', 'delivery'], description: `${CREATE_FIELDS.kind} (default api)` },
    name: { type: 'string', minLength: 1, maxLength: 100, description: CREATE_FIELDS.name },
    allowedOrigins: { type: 'array', maxItems: MAX_ORIGINS, items: { type: 'string', maxLength: 300 }, description: `${CREATE_FIELDS.allowedOrigins} (delivery keys only)` },
  },
};

/** The public JSON of a key (never its token or hash). */
export function keyJson(key: KeyRecord): Record<string, unknown> {
  return {
    id: key.id,
    kind: key.kind,
    name: key.name,
    allowedOrigins: key.allowedOrigins,
    createdAt: key.createdAt,
    revokedAt: key.revokedAt,
    lastUsedAt: key.lastUsedAt,
  };
}

/** `GET /api/keys`, `POST /api/keys` (token shown once), `DELETE /api/keys/{id}`. */
export function registerKeysRoutes(app: FastifyInstance, accounts: Accounts): void {
  app.get('/api/keys', { schema: { summary: 'The workspace\'s keys', tags: ['keys'], response: { 200: KEYS_PAGE } } }, async (request, reply) => {
    const workspaceId = requireWorkspace(request.principal);
    const keys = await accounts.keys.listKeys(workspaceId);
    return reply.header('cache-control', 'no-store').send({ items: keys.map(keyJson) });
  });

  app.post('/api/keys', {
    schema: { summary: 'Create an API or delivery key (its token is shown once; owners only)', tags: ['keys'], response: { 201: CREATED_KEY } },
    config: { openapi: { body: CREATE_KEY_BODY } },
  }, async (request, reply) => {
    const workspaceId = await requireOwner(accounts, request.principal, 'create keys');
    const body = parseBody(CreateKeyBody, request.body, CREATE_FIELDS);
    const kind = body.kind ?? 'api';
    const allowedOrigins = parseOriginList(kind, body.allowedOrigins ?? []);
    const created = await accounts.keys.createKey({ workspaceId, kind, name: body.name ?? `${kind} key`, allowedOrigins });
    return reply
      .status(201)
      .header('cache-control', 'no-store')
      .header('location', `/api/keys/${created.key.id}`)
      .send({ ...keyJson(created.key), token: created.token });
  });

  app.delete<{ Params: { id: string } }>('/api/keys/:id', { schema: { summary: 'Revoke a key (owners only)', tags: ['keys'], params: idParams('id', 'a key id'), response: { 204: NO_CONTENT } } }, async (request, reply) => {
    const workspaceId = await requireOwner(accounts, request.principal, 'revoke keys');
    const revoked = await accounts.revokeKey(workspaceId, request.params.id);
    if (revoked === null) throw new AppError('not_found', `No key ${request.params.id}`);
    return reply.status(204).send();
  });
}
