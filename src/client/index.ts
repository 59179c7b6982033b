/**
 * The dependency-free Convertly client: everything here runs on Node's standard library alone,
 * so applications can sign render URLs without pulling in the server.
 */
export { signUrl, type SignUrlOptions } from './sign-url.js';
export { hmacSignature } from './hmac-signature.js';
export {
  canonicalSignedQuery,
  signedMessage,
  signedQueryPairs,
  EXPIRES_PARAM,
  SIGNATURE_PARAM,
  type SignedQueryInput,
} from './canonical-signed-query.js';
