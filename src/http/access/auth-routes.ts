import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../../accounts/accounts.js';
import type { LoginService } from '../../accounts/login.js';
import { isSameOriginRequest } from '../../accounts/origins.js';
import type { Config } from '../../config/config.js';
import { AppError, isAppError } from '../../errors/app-error.js';
import { requireWorkspace } from '../principal.js';
import { LOGIN_RESPONSE, ME_RESPONSE } from '../schemas/account-schemas.js';
import { jsonBody, NO_CONTENT } from '../schemas/json-schema.js';
import { clearSessionCookie, isSecureOrigin, ownOrigin, readSessionCookie, setSessionCookie } from './session-cookie.js';

const LOGIN_FIELDS = { email: 'an email address', password: 'a password', workspaceId: 'a workspace id' };
/** Validated by Fastify; each description is what the 400 says the field expects (the password is never echoed). */
const LOGIN_BODY = jsonBody(
  {
    email: { type: 'string', minLength: 1, maxLength: 254, description: LOGIN_FIELDS.email },
    password: { type: 'string', minLength: 1, maxLength: 4096, writeOnly: true, description: LOGIN_FIELDS.password },
    workspaceId: { type: 'string', minLength: 1, maxLength: 64, description: LOGIN_FIELDS.workspaceId },
  },
  ['email', 'password'],
);

/** `POST /api/auth/login`, `POST /api/auth/logout`, `GET /api/me`. */
export function registerAuthRoutes(app: FastifyInstance, deps: { accounts: Accounts; login: LoginService; config: Config }): void {
  const { accounts, login, config } = deps;

  app.post<{ Body: { email: string; password: string; workspaceId?: string } }>('/api/auth/login', {
    schema: { summary: 'Sign in: sets the session cookie', tags: ['accounts'], security: [], body: LOGIN_BODY, response: { 200: LOGIN_RESPONSE } },
  }, async (request, reply) => {
    // Login CSRF: a browser form on another site must not sign the victim into the attacker's
    // account. Only browsers send Origin, so API clients and curl are unaffected.
    if (request.headers.origin !== undefined && !isSameOriginRequest({ ...request.headers, ...ownOrigin(config, request) })) {
      throw new AppError('forbidden', 'Sign in from this site\'s own pages');
    }
    const body = request.body;
    let result;
    try {
      result = await login.login({ email: body.email, password: body.password, address: request.ip, workspaceId: body.workspaceId });
    } catch (error) {
      const retryAfter = isAppError(error) ? error.details?.['retryAfterSeconds'] : undefined;
      if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
      throw error;
    }
    const workspace = await accounts.workspaces.getWorkspace(result.workspaceId);
    setSessionCookie(reply, { token: result.token, secure: isSecureOrigin(config, request), maxAgeSeconds: accounts.sessionMaxAgeSeconds });
    return reply.header('cache-control', 'no-store').send({
      user: { id: result.user.id, email: result.user.email },
      workspace,
      expiresAt: result.expiresAt,
    });
  });

  app.post('/api/auth/logout', { schema: { summary: 'Sign out: ends the session and clears its cookie', tags: ['accounts'], security: [{ session: [] }], response: { 204: NO_CONTENT } } }, async (request, reply) => {
    const cookie = readSessionCookie(request.headers);
    if (cookie !== undefined) await accounts.endSession(cookie);
    clearSessionCookie(reply, isSecureOrigin(config, request));
    return reply.status(204).send();
  });

  app.get('/api/me', { schema: { summary: 'Who is calling: workspace, user, credential', tags: ['accounts'], response: { 200: ME_RESPONSE } } }, async (request, reply) => {
    const workspaceId = requireWorkspace(request.principal);
    const principal = request.principal;
    const workspace = await accounts.workspaces.getWorkspace(workspaceId);
    let user = null;
    if (principal.kind === 'session') {
      const record = await accounts.users.getUser(principal.userId);
      const role = (await accounts.users.memberships(principal.userId)).find((m) => m.workspaceId === workspaceId)?.role ?? null;
      user = record === null ? null : { id: record.id, email: record.email, role };
    }
    const credential = principal.kind === 'api_key' ? { kind: 'api_key', keyId: principal.keyId } : { kind: principal.kind };
    return reply.header('cache-control', 'no-store').send({ workspace, user, credential });
  });
}
