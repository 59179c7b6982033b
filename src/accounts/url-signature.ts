import { AppError } from '../errors/app-error.js';
import {
  EXPIRES_PARAM,
  SIGNATURE_PARAM,
  signedQueryPairs,
  type SignedQueryInput,
} from '../client/canonical-signed-query.js';
import { hmacSignature } from '../client/hmac-signature.js';
import { safeEqualHex } from './safe-equal-hex.js';

// One canonicalisation for signer and verifier: the client module is the single source.
export { canonicalSignedQuery, type SignedQueryInput } from '../client/canonical-signed-query.js';

/** What a request's signature amounts to; the HTTP layer maps these to 401/403 or lets it through. */
export const SIGNATURE_RESULTS = ['valid', 'missing', 'invalid', 'expired'] as const;
export type SignatureResult = (typeof SIGNATURE_RESULTS)[number];

/** Input of {@link verifySignedRequest}. */
export interface SignedRequest {
  /** The request path exactly as sent (still percent-encoded, no query), e.g. `/cdn/f_123`. */
  readonly path: string;
  /** The query in any accepted shape; `s` and `expires` are read from it. */
  readonly query: SignedQueryInput;
  /** Every secret currently accepted (new and old during rotation); empty strings are ignored. */
  readonly secrets: readonly string[];
  readonly nowSeconds: number;
}

const SIGNATURE_HEX = /^[0-9a-f]{64}$/i;
// Up to 12 digits is beyond year 33 000; longer values are garbage, not far futures.
const UNIX_SECONDS = /^\d{1,12}$/;
// Public on purpose: it only ever feeds a computation whose result is discarded.
const DUMMY_SECRET = 'cvss_timing-equaliser-never-accepted';

/**
 * The hex HMAC-SHA256 of `path` plus `?canonicalQuery` (just `path` without parameters).
 * @throws AppError invalid_parameter when the secret is empty.
 */
export function signPath(path: string, query: SignedQueryInput, secret: string): string {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new AppError('invalid_parameter', 'Expected a non-empty signing secret for secret but received nothing', {
      details: { parameter: 'secret' },
    });
  }
  return hmacSignature(path, query, secret);
}

/**
 * Checks `s=` (and `expires=`, which is signed like any parameter) against any of the secrets.
 * `expired` is only reported for a genuine signature, so it never vouches for a forged URL.
 */
export function verifySignedRequest(request: SignedRequest): SignatureResult {
  const pairs = signedQueryPairs(request.query);
  const provided = valuesOf(pairs, SIGNATURE_PARAM);
  if (provided.length === 0) return 'missing';
  const [signature] = provided;
  if (provided.length > 1 || signature === undefined || !SIGNATURE_HEX.test(signature)) return 'invalid';

  let matched = false;
  let tried = 0;
  for (const secret of request.secrets) {
    if (typeof secret !== 'string' || secret.length === 0) continue;
    // No early exit: every secret is tried so timing does not tell which one (or none) matched.
    const expected = hmacSignature(request.path, request.query, secret);
    matched = safeEqualHex(expected, signature) || matched;
    tried += 1;
  }
  if (tried === 0) {
    // Nothing to check against (no such file, or a workspace without secrets): one HMAC all the
    // same, its answer thrown away, so the refusal takes as long as a wrong signature does.
    safeEqualHex(hmacSignature(request.path, request.query, DUMMY_SECRET), signature);
    return 'invalid';
  }
  if (!matched) return 'invalid';

  const expires = expiresOf(pairs);
  if (expires === null) return 'invalid';
  if (expires === undefined) return 'valid';
  return expires > request.nowSeconds ? 'valid' : 'expired';
}

/**
 * The `expires=` of a signed query in unix seconds: `undefined` without one, `null` when it is
 * repeated or not a number (such a URL is invalid). Only meaningful once the signature is valid.
 */
export function signedExpiresAt(query: SignedQueryInput): number | null | undefined {
  return expiresOf(signedQueryPairs(query));
}

function expiresOf(pairs: ReadonlyArray<readonly [string, string]>): number | null | undefined {
  const expires = valuesOf(pairs, EXPIRES_PARAM);
  if (expires.length === 0) return undefined;
  const [value] = expires;
  if (expires.length > 1 || value === undefined || !UNIX_SECONDS.test(value)) return null;
  return Number(value);
}

function valuesOf(pairs: ReadonlyArray<readonly [string, string]>, name: string): string[] {
  return pairs.filter(([key]) => key === name).map(([, value]) => value);
}
