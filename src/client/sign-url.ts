import { EXPIRES_PARAM, SIGNATURE_PARAM } from './canonical-signed-query.js';
import { hmacSignature } from './hmac-signature.js';

/** Options for {@link signUrl}. */
export interface SignUrlOptions {
  /** When the URL stops working: a Date, or unix seconds (not milliseconds). */
  readonly expiresAt?: Date | number;
}

// Relative URLs (`/cdn/abc?w=100`) are parsed against a reserved host and returned relative.
const PLACEHOLDER_BASE = 'http://convertly.invalid';
// 1e11 seconds is the year 5138; anything larger is almost surely Date.now() milliseconds.
const MAX_UNIX_SECONDS = 1e11;

/**
 * Signs a Convertly URL (absolute, or a path starting with `/`) with the workspace signing secret,
 * appending `expires` (when asked) and `s`. An existing `s` is replaced, so re-signing is safe.
 * @throws TypeError when the secret is empty or the URL cannot be parsed.
 * @throws RangeError when `expiresAt` is an invalid Date, negative, or looks like milliseconds.
 */
export function signUrl(url: string | URL, secret: string, options: SignUrlOptions = {}): string {
  const relative = typeof url === 'string' && url.startsWith('/') && !url.startsWith('//');
  const parsed = relative ? new URL(url, PLACEHOLDER_BASE) : new URL(url.toString());
  const expires = options.expiresAt === undefined ? undefined : toUnixSeconds(options.expiresAt);

  // Rebuild the query by hand rather than through searchParams so the caller's own encoding
  // (`fp=0.3,0.7`, not `fp=0.3%2C0.7`) survives; the signature covers decoded values anyway.
  const kept = parsed.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !isParam(pair, SIGNATURE_PARAM))
    .filter((pair) => expires === undefined || !isParam(pair, EXPIRES_PARAM));
  if (expires !== undefined) kept.push(`${EXPIRES_PARAM}=${expires}`);
  parsed.search = kept.join('&');

  const signature = hmacSignature(parsed.pathname, parsed.searchParams, secret);
  parsed.search = [...kept, `${SIGNATURE_PARAM}=${signature}`].join('&');
  return relative ? `${parsed.pathname}${parsed.search}${parsed.hash}` : parsed.href;
}

function isParam(pair: string, name: string): boolean {
  const [first] = new URLSearchParams(pair).keys();
  return first === name;
}

function toUnixSeconds(expiresAt: Date | number): number {
  if (expiresAt instanceof Date) {
    const ms = expiresAt.getTime();
    if (Number.isNaN(ms)) throw new RangeError('Expected a valid Date for expiresAt but received Invalid Date');
    // Floor, so the URL never outlives the moment asked for.
    return Math.floor(ms / 1000);
  }
  if (!Number.isSafeInteger(expiresAt) || expiresAt < 0 || expiresAt >= MAX_UNIX_SECONDS) {
    throw new RangeError(`Expected unix seconds (an integer, not milliseconds) for expiresAt but received ${expiresAt}`);
  }
  return expiresAt;
}
