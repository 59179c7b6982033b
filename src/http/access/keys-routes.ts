import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../../accounts/accounts.js';
import type { KeyRecord } from '../../accounts/keys-repository.js';
import { parseOriginList } from '../../accounts/parse-origin-list.js';
import { AppError } from '../../errors/app-error.js';
import { requireWorkspace } from '../principal.js';
import { requireOwner } from './require-owner.js';
import { CREATED_KEY, KEYS_PAGE } from '../schemas/account-schemas.js';
import { idParams, jsonBody, NO_CONTENT } from '../schemas/json-schema.js';

const MAX_ORIGINS = 50;
const CREATE_FIELDS = {
  kind: '"api" or "delivery"',
  name: 'a name of 1 to 100 characters',
  allowedOrigins: `a list of at most ${MAX_ORIGINS} origins such as "https://shop.example.com" or "https://*.example.com"`,
};

/** Validated by Fastify; each description is what the 400 says the field expects. */
const CREATE_KEY_BODY = jsonBody({
  kind: { type: 'string', enum: ['api', 'delivery'], description: CREATE_FIELDS.kind },
  name: { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S', description: CREATE_FIELDS.name },
  allowedOrigins: {
    type: 'array',
    maxItems: MAX_ORIGINS,
    items: { type: 'string', maxLength: 300, description: CREATE_FIELDS.allowedOrigins },
    description: CREATE_FIELDS.allowedOrigins,
  },
});

interface CreateKeyBody {
  readonly kind?: 'api' | 'delivery';
  readonly name?: string;
  readonly allowedOrigins?: readonly string[];
}

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

  app.post<{ Body: CreateKeyBody }>('/api/keys', {
    schema: { summary: 'Create an API or delivery key (its token is shown once; owners only)', tags: ['keys'], body: CREATE_KEY_BODY, response: { 201: CREATED_KEY } },
  }, async (request, reply) => {
    const workspaceId = await requireOwner(accounts, request.principal, 'create keys');
    const body = request.body;
    const kind = body.kind ?? 'api';
    const allowedOrigins = parseOriginList(kind, body.allowedOrigins ?? []);
    const created = await accounts.keys.createKey({ workspaceId, kind, name: body.name?.trim() ?? `${kind} key`, allowedOrigins });
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
