import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { AppError } from '../../errors/app-error.js';
import type { AddressPolicy } from './address-policy.js';
import { createGuardedLookup, RefusedAddressError } from './guarded-lookup.js';
import {
  notAnImageAtOrigin,
  originNotFound,
  originTooLarge,
  originUnavailable,
  type FetchLimits,
  type OriginAnswer,
  type Validators,
} from './origin-answer.js';

/** imgix follows a few redirects; more is a loop or a trap. */
export const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Answers that are certainly not an image: refused before their body is read. */
const NOT_IMAGE = /^(text\/|application\/(json|xml|xhtml|javascript))/i;

/** GETs of origin URLs through agents that check every address they connect to. */
export interface HttpFetcher {
  get(url: string, validators?: Validators): Promise<OriginAnswer>;
  close(): void;
}

function refused(host: string, address: string): AppError {
  return new AppError('forbidden', `The source's host ${host} resolves to ${address}, a private or local address; list it in SOURCES_ALLOW_PRIVATE to allow it`);
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

interface Hop {
  readonly status: number;
  readonly response: IncomingMessage;
}

/**
 * Fetches origin URLs safely (issue 14 §5): only http and https, at most {@link MAX_REDIRECTS} redirects,
 * each hop's address checked when its connection is made (an IP literal before it), a connect and a total
 * timeout, and the byte limit enforced from `Content-Length` and again while reading.
 */
export function createHttpFetcher(policy: AddressPolicy, limits: FetchLimits): HttpFetcher {
  const lookup = createGuardedLookup(policy);
  // Keep-alive: the first request of a path pays the origin's transfer, not a new handshake each time.
  const agents = { http: new HttpAgent({ keepAlive: true, lookup, maxSockets: 16 }), https: new HttpsAgent({ keepAlive: true, lookup, maxSockets: 16 }) };

  const hop = (url: URL, validators: Validators, deadline: number): Promise<Hop> =>
    new Promise((resolve, reject) => {
      const host = hostOf(url);
      if (isIP(host) !== 0 && !policy.allows(host)) return reject(refused(host, host));
      const headers: Record<string, string> = { accept: 'image/*,*/*;q=0.8', 'user-agent': 'Convertly (source fetch)' };
      if (validators.etag) headers['if-none-match'] = validators.etag;
      if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
      const secure = url.protocol === 'https:';
      const send = secure ? httpsRequest : httpRequest;
      const request = send(url, { method: 'GET', headers, agent: secure ? agents.https : agents.http });
      const total = setTimeout(() => request.destroy(originUnavailable(`no answer within ${limits.timeoutMs} ms`)), Math.max(1, deadline - Date.now()));
      request.once('socket', (socket) => {
        if (!socket.connecting) return;
        const connect = setTimeout(() => request.destroy(originUnavailable(`no connection within ${limits.connectTimeoutMs} ms`)), limits.connectTimeoutMs);
        socket.once('connect', () => clearTimeout(connect));
        socket.once('close', () => clearTimeout(connect));
      });
      request.once('response', (response) => {
        response.once('end', () => clearTimeout(total));
        response.once('close', () => clearTimeout(total));
        resolve({ status: response.statusCode ?? 0, response });
      });
      request.once('error', (error) => {
        clearTimeout(total);
        if (error instanceof RefusedAddressError) return reject(refused(error.host, error.address));
        if (error instanceof AppError) return reject(error);
        reject(originUnavailable((error as NodeJS.ErrnoException).code ?? error.message, error));
      });
      request.end();
    });

  const readBody = (response: IncomingMessage, deadline: number): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        response.destroy();
        return reject(originTooLarge(limits.maxBytes));
      }
      const chunks: Buffer[] = [];
      let length = 0;
      const timer = setTimeout(() => response.destroy(originUnavailable(`no answer within ${limits.timeoutMs} ms`)), Math.max(1, deadline - Date.now()));
      response.on('data', (chunk: Buffer) => {
        length += chunk.length;
        if (length > limits.maxBytes) {
          response.destroy(originTooLarge(limits.maxBytes));
          return;
        }
        chunks.push(chunk);
      });
      response.once('end', () => {
        clearTimeout(timer);
        resolve(Buffer.concat(chunks, length));
      });
      response.once('error', (error) => {
        clearTimeout(timer);
        reject(error instanceof AppError ? error : originUnavailable('the connection broke while reading', error));
      });
      response.once('close', () => {
        clearTimeout(timer);
        if (!response.complete) reject(originUnavailable('the connection closed before the whole image arrived'));
      });
    });

  return {
    async get(raw, validators = {}) {
      const deadline = Date.now() + limits.timeoutMs;
      let url = new URL(raw);
      for (let redirects = 0; ; redirects += 1) {
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw originUnavailable(`it redirected to a ${url.protocol} URL; only http and https are fetched`);
        const { status, response } = await hop(url, validators, deadline);
        if (REDIRECTS.has(status)) {
          response.resume();
          const location = response.headers.location;
          if (location === undefined) throw originUnavailable(`it answered ${status} without a Location`);
          if (redirects >= MAX_REDIRECTS) throw originUnavailable(`more than ${MAX_REDIRECTS} redirects`);
          url = new URL(location, url);
          continue;
        }
        if (status === 304) {
          response.resume();
          return { kind: 'not_modified' };
        }
        if (status === 404 || status === 410) {
          response.resume();
          throw originNotFound(url.pathname);
        }
        if (status !== 200) {
          response.resume();
          throw originUnavailable(`it answered ${status}`);
        }
        const type = response.headers['content-type'] ?? '';
        if (NOT_IMAGE.test(type)) {
          response.destroy();
          throw notAnImageAtOrigin(type.split(';')[0] ?? type);
        }
        const bytes = await readBody(response, deadline);
        const etag = typeof response.headers.etag === 'string' ? response.headers.etag : null;
        const lastModified = response.headers['last-modified'] ?? null;
        return { kind: 'fresh', bytes, etag, lastModified };
      }
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
