/**
 * The dependency-free Convertly client (`convertly/client`): render URLs, srcsets, `<img>` attributes and
 * ThumbHash placeholders (browser-safe, also `./browser.ts`), plus URL signing, which uses `node:crypto`.
 */
export * from './browser.js';
export { buildSignedUrl } from './build-signed-url.js';
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
