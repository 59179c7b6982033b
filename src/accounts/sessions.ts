import { createHash, randomBytes } from 'node:crypto';
import { invalidOption } from '../errors/app-error.js';
import { isPositiveInteger } from '../shared/is.js';

/** Cookie attributes in the shape @fastify/cookie's `setCookie` takes (`maxAge` in seconds). */
export interface SessionCookieOptions {
  readonly httpOnly: true;
  readonly sameSite: 'lax';
  readonly secure: boolean;
  readonly path: '/';
  readonly maxAge: number;
}

const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Creates a session token: 32 random bytes, base64url (43 characters). Sent once as the cookie value. */
export function createSessionToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** True when a cookie value has the shape of our session tokens, so garbage skips the database. */
export function isSessionToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_SHAPE.test(value);
}

/**
 * The SHA-256 hex digest a session is stored under. A fast hash suffices (256 random bits),
 * and storing only the digest means a leaked sessions table cannot be replayed as cookies.
 */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The session cookie's name. Over HTTPS it carries the `__Host-` prefix, which browsers only
 * accept with Secure, Path=/ and no Domain, so a sibling subdomain cannot plant or shadow it.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-convertly_session' : 'convertly_session';
}

/**
 * Session cookie attributes: HttpOnly (no script access), SameSite=Lax (no cross-site POSTs carry it).
 * @throws Error when `maxAgeSeconds` is not a positive integer (a programming error).
 */
export function sessionCookieOptions(options: { secure: boolean; maxAgeSeconds: number }): SessionCookieOptions {
  if (!isPositiveInteger(options.maxAgeSeconds)) throw invalidOption('maxAgeSeconds', 'a positive integer', options.maxAgeSeconds);
  return { httpOnly: true, sameSite: 'lax', secure: options.secure, path: '/', maxAge: options.maxAgeSeconds };
}
