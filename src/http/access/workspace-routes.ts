import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../../accounts/accounts.js';
import type { Quota } from '../../accounts/quota.js';
import { signUrl } from '../../client/sign-url.js';
import { AppError, invalidParameter } from '../../errors/app-error.js';
import { requireWorkspace } from '../principal.js';
import { requireOwner } from './require-owner.js';
import { CREATED_SECRET, DAILY_USAGE, SECRETS_PAGE, SIGNED_URL, USAGE } from '../schemas/account-schemas.js';
import { idParams, jsonBody, NO_CONTENT } from '../schemas/json-schema.js';

const SIGN_FIELDS = { url: 'a render URL or path such as "/cdn/f_…?w=400"', expiresAt: 'unix seconds' };
/** Validated by Fastify; each description is what the 400 says the field expects. */
const SIGN_BODY = jsonBody(
  {
    url: { type: 'string', minLength: 1, maxLength: 8192, description: SIGN_FIELDS.url },
    expiresAt: { type: 'integer', minimum: 1, description: SIGN_FIELDS.expiresAt },
  },
  ['url'],
);

/**
 * `GET /api/usage`; signing secrets (`GET/POST /api/workspace/signing-secrets`,
 * `DELETE /api/workspace/signing-secrets/{id}` to retire one) and `POST /api/sign`.
 */
export function registerWorkspaceRoutes(app: FastifyInstance, deps: { accounts: Accounts; quota: Quota }): void {
  const { accounts, quota } = deps;

  app.get('/api/usage', { schema: { summary: 'Plan, period and media operations used', tags: ['accounts'], response: { 200: USAGE } } }, async (request, reply) => {
    const status = await quota.status(requireWorkspace(request.principal));
    return reply.header('cache-control', 'no-store').send({
      plan: status.plan,
      period: { start: status.period.start.toISOString(), end: status.period.end.toISOString(), key: status.period.key },
      used: status.used,
      limit: status.limit,
      remaining: status.remaining,
    });
  });

  const daily = { summary: 'Media operations per day and kind, beside the plan', tags: ['accounts'], response: { 200: DAILY_USAGE } };
  const dailyQuery = { type: 'object', properties: { days: { type: 'string', description: 'how many days back, today included: 1 to 90 (default 30)' } } } as const;
  app.get<{ Querystring: { days?: string } }>('/api/usage/daily', { schema: daily, config: { openapi: { querystring: dailyQuery } } }, async (request, reply) => {
    const workspaceId = requireWorkspace(request.principal);
    const raw = request.query.days;
    const days = raw === undefined ? 30 : /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
    if (!(days >= 1 && days <= 90)) throw invalidParameter('days', 'an integer from 1 to 90', raw);
    const [status, history] = await Promise.all([quota.status(workspaceId), quota.history(workspaceId, days)]);
    return reply.header('cache-control', 'no-store').send({
      plan: status.plan,
      limit: status.limit,
      period: { start: status.period.start.toISOString(), end: status.period.end.toISOString(), key: status.period.key },
      days: history,
    });
  });

  app.get('/api/workspace/signing-secrets', { schema: { summary: 'The URL-signing secrets (not their values)', tags: ['signing'], response: { 200: SECRETS_PAGE } } }, async (request, reply) => {
    const items = await accounts.secrets.listSecrets(requireWorkspace(request.principal));
    return reply.header('cache-control', 'no-store').send({ items });
  });

  app.post('/api/workspace/signing-secrets', { schema: { summary: 'Add a signing secret (rotation: the older ones stay valid until retired; owners only)', tags: ['signing'], response: { 201: CREATED_SECRET } } }, async (request, reply) => {
    const created = await accounts.rotateSigningSecret(await requireOwner(accounts, request.principal, 'create signing secrets'));
    return reply.status(201).header('cache-control', 'no-store').send(created);
  });

  app.delete<{ Params: { id: string } }>('/api/workspace/signing-secrets/:id', { schema: { summary: 'Retire a signing secret (owners only)', tags: ['signing'], params: idParams('id', 'a signing secret id'), response: { 204: NO_CONTENT } } }, async (request, reply) => {
    const retired = await accounts.retireSigningSecret(await requireOwner(accounts, request.principal, 'retire signing secrets'), request.params.id);
    if (!retired) throw new AppError('not_found', `No signing secret ${request.params.id}`);
    return reply.status(204).send();
  });

  app.post<{ Body: { url: string; expiresAt?: number } }>('/api/sign', {
    schema: { summary: 'Sign a render URL with the newest secret (expiresAt: the URL is refused after it)', tags: ['signing'], body: SIGN_BODY, response: { 200: SIGNED_URL } },
  }, async (request, reply) => {
    const workspaceId = requireWorkspace(request.principal);
    const body = request.body;
    // The newest secret signs; a workspace that never made one gets one now, so links just work.
    const [newest] = await accounts.secrets.activeSecrets(workspaceId);
    const secret = newest?.secret ?? (await accounts.rotateSigningSecret(workspaceId)).secret;
    let url: string;
    try {
      url = signUrl(body.url, secret, body.expiresAt === undefined ? {} : { expiresAt: body.expiresAt });
    } catch {
      throw invalidParameter('url', SIGN_FIELDS.url, body.url);
    }
    return reply.header('cache-control', 'no-store').send({ url });
  });
}
