import { createHmac } from 'node:crypto';
import { signedMessage, type SignedQueryInput } from './canonical-signed-query.js';

/**
 * The hex HMAC-SHA256 of `path?canonicalQuery` under `secret`: the value of `s=`.
 * @throws TypeError when the secret is empty (an empty key would let anyone sign).
 */
export function hmacSignature(path: string, query: SignedQueryInput, secret: string): string {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new TypeError('Expected a non-empty signing secret');
  }
  return createHmac('sha256', secret).update(signedMessage(path, query), 'utf8').digest('hex');
}
