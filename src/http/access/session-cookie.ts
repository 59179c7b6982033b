import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sessionCookieName, sessionCookieOptions, type SessionCookieOptions } from '../../accounts/sessions.js';
import type { Config } from '../../config/config.js';

// The one cookie we read and write is a base64url token under a fixed name, so a few lines do
// what the @fastify/cookie plugin would (which parses every cookie of every request, and may be
// registered only once per app).
const TOKEN_VALUE = /^[A-Za-z0-9_-]*$/;

/** The first value of cookie `name` in a Cookie header (values we never issue are skipped). */
function cookieValue(header: string, name: string): string | undefined {
  for (const pair of header.split(';')) {
    const equals = pair.indexOf('=');
    if (equals === -1 || pair.slice(0, equals).trim() !== name) continue;
    const value = pair.slice(equals + 1).trim();
    return TOKEN_VALUE.test(value) ? value : 'invalid';
  }
  return undefined;
}

function serialize(name: string, value: string, attributes: SessionCookieOptions & { readonly expires?: Date }): string {
  const parts = [`${name}=${value}`, `Path=${attributes.path}`, `Max-Age=${attributes.maxAge}`];
  if (attributes.expires !== undefined) parts.push(`Expires=${attributes.expires.toUTCString()}`);
  if (attributes.httpOnly) parts.push('HttpOnly');
  parts.push(`SameSite=${attributes.sameSite === 'lax' ? 'Lax' : attributes.sameSite}`);
  if (attributes.secure) parts.push('Secure');
  return parts.join('; ');
}

/**
 * Whether the client reached us over HTTPS: from PUBLIC_URL when set (the proxy terminates TLS),
 * else from the request. Decides Secure and the `__Host-` cookie name prefix.
 */
export function isSecureOrigin(config: Config, request: FastifyRequest): boolean {
  if (config.publicUrl !== undefined) return config.publicUrl.toLowerCase().startsWith('https:');
  return request.protocol === 'https';
}

/** The session cookie's value, or `undefined` when the request carries none. */
export function readSessionCookie(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.cookie;
  if (header === undefined || header === '' || !header.includes('convertly_session')) return undefined;
  return cookieValue(header, sessionCookieName(true)) ?? cookieValue(header, sessionCookieName(false));
}

/** Sets the HttpOnly, SameSite=Lax session cookie (Secure and `__Host-` over HTTPS). */
export function setSessionCookie(reply: FastifyReply, options: { token: string; secure: boolean; maxAgeSeconds: number }): void {
  const attributes = sessionCookieOptions({ secure: options.secure, maxAgeSeconds: options.maxAgeSeconds });
  void reply.header('set-cookie', serialize(sessionCookieName(options.secure), options.token, attributes));
}

/** Tells the browser to drop the session cookie. */
export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  const attributes = { ...sessionCookieOptions({ secure, maxAgeSeconds: 1 }), maxAge: 0, expires: new Date(0) };
  void reply.header('set-cookie', serialize(sessionCookieName(secure), '', attributes));
}

/** Where CSRF checks compare `Origin` against: PUBLIC_URL when set, else the request's own host and scheme. */
export function ownOrigin(config: Config, request: FastifyRequest): { host: string | undefined; forwardedProto: string } {
  if (config.publicUrl !== undefined) {
    try {
      const url = new URL(config.publicUrl);
      return { host: url.host, forwardedProto: url.protocol.slice(0, -1) };
    } catch {
      // A malformed PUBLIC_URL falls back to the request, which still fails closed on a mismatch.
    }
  }
  return { host: request.host, forwardedProto: request.protocol };
}

const staleCookies = new WeakSet<FastifyRequest>();

/** Notes that the request's session cookie is dead, so its response tells the browser to drop it. */
export function markStaleSessionCookie(request: FastifyRequest): void {
  staleCookies.add(request);
}

/** Clears dead session cookies on the way out (the resolver, which finds them, has no reply). */
export function registerStaleCookieClearing(app: FastifyInstance, config: Config): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (staleCookies.has(request)) clearSessionCookie(reply, isSecureOrigin(config, request));
    return payload;
  });
}
