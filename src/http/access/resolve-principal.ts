import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { Accounts } from '../../accounts/accounts.js';
import type { KeyRecord } from '../../accounts/keys-repository.js';
import { isOriginAllowed, isSameOriginRequest } from '../../accounts/origins.js';
import type { Config } from '../../config/config.js';
import { AppError } from '../../errors/app-error.js';
import type { PrincipalResolver } from '../plugins/authenticate.js';
import type { CredentialRequest, Principal } from '../principal.js';
import { markStaleSessionCookie, ownOrigin, readSessionCookie } from './session-cookie.js';

const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous' });
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Signing in or out must work with a stale cookie still in the browser.
const COOKIE_OPTIONAL_ROUTES = new Set(['/api/auth/login', '/api/auth/logout']);
const BEARER = /^Bearer[ ]+(\S+)\s*$/i;

function unauthorized(message: string): AppError {
  return new AppError('unauthorized', message);
}

/** The one credential a request is judged by, in the resolver's order: header key, `key=`, session cookie. */
type Credential =
  | { readonly kind: 'key'; readonly token: string }
  | { readonly kind: 'session'; readonly token: string }
  | { readonly kind: 'none' };

/** The key sent in `Authorization: Bearer …` or `X-Api-Key`; `undefined` when neither is present. */
function headerKey(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    const token = BEARER.exec(authorization)?.[1];
    if (token === undefined) throw unauthorized('Send the key as "Authorization: Bearer cvly_…"');
    return token;
  }
  const apiKey = headers['x-api-key'];
  if (apiKey === undefined) return undefined;
  if (typeof apiKey !== 'string' || apiKey.trim() === '') throw unauthorized('Send one key in X-Api-Key');
  return apiKey.trim();
}

/** The `key=` query parameter; `undefined` when absent. */
function queryKey(query: unknown): string | undefined {
  const value = (query as Record<string, unknown> | undefined)?.['key'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw unauthorized('Send one delivery key in key=');
  if (!value.startsWith('cvdk_')) {
    throw unauthorized('Only delivery keys (cvdk_…) go in key=; send API keys in the Authorization header, never in a URL');
  }
  return value;
}

/** @throws unauthorized for a malformed key header or a non-delivery key in `key=` */
function credentialOf(request: CredentialRequest): Credential {
  const token = headerKey(request.headers) ?? queryKey(request.query);
  if (token !== undefined) return { kind: 'key', token };
  const cookie = readSessionCookie(request.headers);
  return cookie === undefined ? { kind: 'none' } : { kind: 'session', token: cookie };
}

/** @throws forbidden for a delivery key used from an origin it does not allow */
function principalOf(key: KeyRecord, headers: IncomingHttpHeaders): Principal {
  if (key.kind === 'api') return { kind: 'api_key', workspaceId: key.workspaceId, keyId: key.id };
  if (!isOriginAllowed(key.allowedOrigins, headers)) {
    throw new AppError('forbidden', 'This delivery key may not be used from this origin; add the origin to the key or use another key');
  }
  return { kind: 'delivery_key', workspaceId: key.workspaceId, keyId: key.id, originLimited: key.allowedOrigins.length > 0 };
}

/**
 * Resolves the caller: a key in a header, a delivery key in `key=`, or the session cookie, in that
 * order. A credential that is present but malformed, unknown or revoked is a 401, never anonymous.
 * A signature (`s=`) is not resolved here: only the render authoriser knows whose secrets to try.
 * @throws unauthorized, forbidden (delivery key from another origin; cookie write without a same-origin Origin)
 */
export function createPrincipalResolver(accounts: Accounts, config: Config): PrincipalResolver {
  return async (request) => {
    const credential = credentialOf(request);
    if (credential.kind === 'key') {
      const key = await accounts.authenticateKey(credential.token);
      if (key === null) throw unauthorized('The key is unknown, malformed or revoked');
      return principalOf(key, request.headers);
    }
    if (credential.kind === 'session') return sessionPrincipal(accounts, config, request, credential.token);
    return ANONYMOUS;
  };
}

/** Resolves a caller without I/O, for a GET; `undefined` whenever the resolver would need the database or would refuse. */
export type PrincipalPeek = (request: CredentialRequest) => Principal | undefined;

/**
 * The resolver's answer for a GET when the key or session is already in the accounts cache; any
 * case it would refuse (or must look up) is `undefined`, left to the resolver to answer in full.
 */
export function createPrincipalPeek(accounts: Accounts): PrincipalPeek {
  return (request) => {
    try {
      const credential = credentialOf(request);
      if (credential.kind === 'none') return ANONYMOUS;
      if (credential.kind === 'key') {
        const key = accounts.peekKey(credential.token);
        return key === null || key === undefined ? undefined : principalOf(key, request.headers);
      }
      const session = accounts.peekSession(credential.token);
      return session === null || session === undefined ? undefined : { kind: 'session', workspaceId: session.workspaceId, userId: session.userId };
    } catch {
      return undefined;
    }
  };
}

async function sessionPrincipal(accounts: Accounts, config: Config, request: FastifyRequest, cookie: string): Promise<Principal> {
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
