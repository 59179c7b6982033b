import type { FastifyRequest } from 'fastify';
import type { Accounts } from '../../accounts/accounts.js';
import type { KeyRecord } from '../../accounts/keys-repository.js';
import { isOriginAllowed, isSameOriginRequest } from '../../accounts/origins.js';
import type { Config } from '../../config/config.js';
import { AppError } from '../../errors/app-error.js';
import type { PrincipalResolver } from '../plugins/authenticate.js';
import type { Principal } from '../principal.js';
import { markStaleSessionCookie, ownOrigin, readSessionCookie } from './session-cookie.js';

const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous' });
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Signing in or out must work with a stale cookie still in the browser.
const COOKIE_OPTIONAL_ROUTES = new Set(['/api/auth/login', '/api/auth/logout']);
const BEARER = /^Bearer[ ]+(\S+)\s*$/i;

function unauthorized(message: string): AppError {
  return new AppError('unauthorized', message);
}

/** The key sent in `Authorization: Bearer …` or `X-Api-Key`; `undefined` when neither is present. */
function headerKey(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const token = BEARER.exec(authorization)?.[1];
    if (token === undefined) throw unauthorized('Send the key as "Authorization: Bearer cvly_…"');
    return token;
  }
  const apiKey = request.headers['x-api-key'];
  if (apiKey === undefined) return undefined;
  if (typeof apiKey !== 'string' || apiKey.trim() === '') throw unauthorized('Send one key in X-Api-Key');
  return apiKey.trim();
}

/** The `key=` query parameter; `undefined` when absent. */
function queryKey(request: FastifyRequest): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.['key'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw unauthorized('Send one delivery key in key=');
  return value;
}

function principalOf(key: KeyRecord, request: FastifyRequest): Principal {
  if (key.kind === 'api') return { kind: 'api_key', workspaceId: key.workspaceId, keyId: key.id };
  if (!isOriginAllowed(key.allowedOrigins, request.headers)) {
    throw new AppError('forbidden', 'This delivery key may not be used from this origin; add the origin to the key or use another key');
  }
  return { kind: 'delivery_key', workspaceId: key.workspaceId, keyId: key.id };
}

/**
 * Resolves the caller: a key in a header, a delivery key in `key=`, or the session cookie, in that
 * order. A credential that is present but malformed, unknown or revoked is a 401, never anonymous.
 * A signature (`s=`) is not resolved here: only the render authoriser knows whose secrets to try.
 * @throws unauthorized, forbidden (delivery key from another origin; cookie write without a same-origin Origin)
 */
export function createPrincipalResolver(accounts: Accounts, config: Config): PrincipalResolver {
  return async (request) => {
    const fromHeader = headerKey(request);
    const fromQuery = fromHeader === undefined ? queryKey(request) : undefined;
    const token = fromHeader ?? fromQuery;
    if (token !== undefined) {
      if (fromQuery !== undefined && !token.startsWith('cvdk_')) {
        throw unauthorized('Only delivery keys (cvdk_…) go in key=; send API keys in the Authorization header, never in a URL');
      }
      const key = await accounts.authenticateKey(token);
      if (key === null) throw unauthorized('The key is unknown, malformed or revoked');
      return principalOf(key, request);
    }
    return sessionPrincipal(accounts, config, request);
  };
}

async function sessionPrincipal(accounts: Accounts, config: Config, request: FastifyRequest): Promise<Principal> {
  const cookie = readSessionCookie(request);
  if (cookie === undefined) return ANONYMOUS;
  const session = await accounts.authenticateSession(cookie);
  const path = request.url.split('?', 1)[0] ?? '';
  if (session === null) {
    // An expired cookie is normal in a browser: the dashboard page and renders (which may carry
    // their own signature) treat it as absent; API calls are told to sign in again.
    if (!path.startsWith('/api/') || COOKIE_OPTIONAL_ROUTES.has(path)) return ANONYMOUS;
    markStaleSessionCookie(request);
    throw unauthorized('The session has expired or was signed out; sign in again');
  }
  if (!SAFE_METHODS.has(request.method) && !isSameOriginRequest({ ...request.headers, ...ownOrigin(config, request) })) {
    throw new AppError('forbidden', 'Cookie-authenticated writes must come from this site (Origin or Referer); scripts should use an API key');
  }
  return { kind: 'session', workspaceId: session.workspaceId, userId: session.userId };
}
