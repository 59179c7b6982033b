import { createHash } from 'node:crypto';
import { AppError } from '../errors/app-error.js';
import { safeEqualHex } from './safe-equal-hex.js';

/** What an imgix-style `s=` amounts to (imgix signatures carry no expiry). */
export type ImgixSignatureResult = 'valid' | 'missing' | 'invalid';

/** Input of {@link verifyImgixSignature}. */
export interface ImgixSignedRequest {
  /** The request target exactly as received (`request.raw.url`): path and raw query, still encoded. */
  readonly requestTarget: string;
  /** The customer's imgix secure URL tokens (old and new during rotation); empty strings are ignored. */
  readonly tokens: readonly string[];
}

const MD5_HEX = /^[0-9a-f]{32}$/i;

/**
 * imgix's `s`: md5 of token + path + (`?` + query without `s`, when there is a query).
 * Unlike Convertly's own signatures this covers the raw text, byte for byte and in its order,
 * exactly as @imgix/js-core's `_signParams` builds it, so nothing is decoded or re-sorted.
 */
export function imgixSignature(token: string, path: string, rawQuery: string): string {
  const base = rawQuery === '' ? token + path : `${token + path}?${rawQuery}`;
  return createHash('md5').update(base, 'utf8').digest('hex');
}

/**
 * Appends imgix's `s=` to a request target (`/path?query`), replacing any present; for tests and migration.
 * @throws AppError invalid_parameter when the token is empty.
 */
export function signImgixUrl(requestTarget: string, token: string): string {
  if (typeof token !== 'string' || token.length === 0) {
    throw new AppError('invalid_parameter', 'Expected a non-empty imgix secure URL token for token but received nothing', {
      details: { parameter: 'token' },
    });
  }
  const { path, others } = splitTarget(requestTarget);
  const rawQuery = others.join('&');
  const signature = `s=${imgixSignature(token, path, rawQuery)}`;
  return `${path}?${rawQuery === '' ? signature : `${rawQuery}&${signature}`}`;
}

/** Verifies an imgix-signed request target against any of the tokens, in constant time per token. */
export function verifyImgixSignature(request: ImgixSignedRequest): ImgixSignatureResult {
  const { path, others, signatures } = splitTarget(request.requestTarget);
  if (signatures.length === 0) return 'missing';
  const [signature] = signatures;
  if (signatures.length > 1 || signature === undefined || !MD5_HEX.test(signature)) return 'invalid';
  const rawQuery = others.join('&');
  let matched = false;
  for (const token of request.tokens) {
    if (typeof token !== 'string' || token.length === 0) continue;
    matched = safeEqualHex(imgixSignature(token, path, rawQuery), signature) || matched;
  }
  return matched ? 'valid' : 'invalid';
}

function splitTarget(requestTarget: string): { path: string; others: string[]; signatures: string[] } {
  // A fragment never reaches a server, but a caller might pass a full link: it is not signed.
  const target = requestTarget.split('#', 1)[0] ?? '';
  const mark = target.indexOf('?');
  const path = mark === -1 ? target : target.slice(0, mark);
  const pairs = mark === -1 ? [] : target.slice(mark + 1).split('&');
  const others: string[] = [];
  const signatures: string[] = [];
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    const key = equals === -1 ? pair : pair.slice(0, equals);
    if (key === 's') signatures.push(equals === -1 ? '' : pair.slice(equals + 1));
    else others.push(pair);
  }
  return { path, others, signatures };
}
