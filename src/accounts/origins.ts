/** The request headers origin checks read (Node's `IncomingHttpHeaders` fits). */
export interface OriginHeaders {
  readonly origin?: string | undefined;
  readonly referer?: string | undefined;
}

/** Input of {@link isSameOriginRequest}. */
export interface SameOriginInput extends OriginHeaders {
  /** The Host header (or the configured public host), possibly with a port. */
  readonly host?: string | undefined;
  /** The scheme the client used (fastify's `request.protocol` with trustProxy); defaults to `http`. */
  readonly forwardedProto?: string | undefined;
}

interface HttpOrigin {
  readonly scheme: string;
  readonly hostname: string;
  readonly port: string; // '' for the scheme's default port, as WHATWG URL normalises it
  readonly origin: string;
}

const ALLOWED_ORIGIN = /^(https?):\/\/(\*\.)?([^/?#@\\\s*]+)\/?$/i;
const HOST_HEADER = /^[A-Za-z0-9.\-:[\]]+$/;

/**
 * Normalises an allowed-origin entry (`https://shop.example.com`, `https://*.example.com:8443`)
 * to lower case without a default port; `null` when it is not one. Use it to validate input.
 * A wildcard needs at least two labels after it (`*.com` is refused) and never an IP address.
 */
export function parseAllowedOrigin(entry: string): string | null {
  const match = typeof entry === 'string' ? ALLOWED_ORIGIN.exec(entry.trim()) : null;
  if (match === null) return null;
  const [, scheme = '', wildcard, hostPort = ''] = match;
  const parsed = parseHttpOrigin(`${scheme}://${hostPort}`);
  if (parsed === null) return null;
  if (wildcard === undefined) return parsed.origin;
  if (isIpAddress(parsed.hostname) || parsed.hostname.split('.').filter(Boolean).length < 2) return null;
  return `${parsed.scheme}://*.${parsed.hostname}${parsed.port === '' ? '' : `:${parsed.port}`}`;
}

/**
 * Whether a delivery key limited to `allowedOrigins` may be used from this request. An empty list
 * allows any; otherwise the origin comes from `Origin` (or from `Referer` when Origin is absent or
 * `null`, as for `<img>` loads) and must match an entry exactly in scheme, host and port, or be a
 * subdomain (any depth, never the apex) of a `*.` entry. No usable header → not allowed.
 */
export function isOriginAllowed(allowedOrigins: readonly string[], headers: OriginHeaders): boolean {
  if (allowedOrigins.length === 0) return true;
  const request = requestOrigin(headers);
  if (request === null) return false;
  return allowedOrigins.some((entry) => matches(parseAllowedOrigin(entry), request));
}

/**
 * CSRF check for cookie-authenticated writes: `Origin` must equal the server's own origin
 * (`forwardedProto://host`); without Origin, `Referer`'s origin must. Neither header, an opaque
 * `Origin: null`, or an unusable Host → false (fail closed).
 */
export function isSameOriginRequest(input: SameOriginInput): boolean {
  const scheme = (input.forwardedProto ?? 'http').split(',')[0]?.trim().toLowerCase() ?? '';
  if (scheme !== 'http' && scheme !== 'https') return false;
  if (input.host === undefined || !HOST_HEADER.test(input.host)) return false;
  const own = parseHttpOrigin(`${scheme}://${input.host}`);
  if (own === null) return false;
  // Unlike delivery keys, an Origin header that is present decides alone: `null` means the
  // browser hid the origin on purpose (sandboxed frame, cross-origin redirect), so refuse.
  const claimed = present(input.origin) ?? present(input.referer);
  if (claimed === undefined) return false;
  return parseHttpOrigin(claimed)?.origin === own.origin;
}

/** The origin a request comes from (`Origin`, else `Referer`'s), as `scheme://host[:port]`, or null. */
export function requestOriginText(headers: OriginHeaders): string | null {
  return requestOrigin(headers)?.origin ?? null;
}

function requestOrigin(headers: OriginHeaders): HttpOrigin | null {
  const origin = present(headers.origin);
  if (origin !== undefined && origin !== 'null') return parseHttpOrigin(origin);
  const referer = present(headers.referer);
  return referer === undefined ? null : parseHttpOrigin(referer);
}

function matches(entry: string | null, request: HttpOrigin): boolean {
  if (entry === null) return false; // a malformed stored entry fails closed instead of widening the list
  const wildcard = /^(https?):\/\/\*\.([^:]+)(?::(\d+))?$/.exec(entry);
  if (wildcard === null) return entry === request.origin;
  const [, scheme, suffix, port = ''] = wildcard;
  // The leading dot is what keeps `evil-example.com` out of `*.example.com`.
  return request.scheme === scheme && request.port === port && request.hostname.endsWith(`.${suffix}`);
}

function parseHttpOrigin(text: string): HttpOrigin | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.hostname === '') return null;
  return { scheme: url.protocol.slice(0, -1), hostname: url.hostname, port: url.port, origin: url.origin };
}

function present(value: string | undefined): string | undefined {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  return trimmed === '' ? undefined : trimmed;
}

function isIpAddress(hostname: string): boolean {
  return hostname.startsWith('[') || /^\d+(\.\d+){3}$/.test(hostname);
}
