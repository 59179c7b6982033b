/**
 * The canonical query string that Convertly URL signatures cover. It lives in the client
 * module and the server imports it from here, so signer and verifier cannot drift apart.
 *
 * The rules, for anyone porting the signer to another language:
 * 1. decode the query (`+` is a space, as in HTML forms and every server-side parser);
 * 2. drop every `s` pair (the signature cannot sign itself);
 * 3. percent-encode each key and value as UTF-8 with RFC 3986 rules: only `A–Z a–z 0–9 - . _ ~`
 *    stay literal, hex digits are upper case;
 * 4. sort the pairs by encoded key (code-unit order), keeping the original order of repeated keys;
 * 5. join as `key=value` with `&`.
 * This module imports nothing beyond the language runtime on purpose: it is published as a client.
 */

/** A query as a raw string (`?` optional), `URLSearchParams`, or a parsed object (fastify's shape). */
export type SignedQueryInput =
  | string
  | URLSearchParams
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/** The query parameter that carries the signature. */
export const SIGNATURE_PARAM = 's';

/** The query parameter that carries the expiry in unix seconds; it is signed like any other. */
export const EXPIRES_PARAM = 'expires';

/** Decodes any accepted query shape into `[key, value]` pairs in their original order. */
export function signedQueryPairs(query: SignedQueryInput): Array<readonly [string, string]> {
  if (typeof query === 'string') return [...new URLSearchParams(query)];
  if (query instanceof URLSearchParams) return [...query];
  const pairs: Array<readonly [string, string]> = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    // String() because parsed queries arrive typed as `unknown` at the edge: a stray
    // non-string must not crash the encoder, and it cannot forge a pair either.
    const values: readonly unknown[] = Array.isArray(value) ? value : [value];
    for (const item of values) pairs.push([key, String(item)]);
  }
  return pairs;
}

/** The canonical, signable form of a query: `s` removed, RFC 3986 encoded, sorted by key. */
export function canonicalSignedQuery(query: SignedQueryInput): string {
  return signedQueryPairs(query)
    .filter(([key]) => key !== SIGNATURE_PARAM)
    .map(([key, value]) => [encodeRfc3986(key), encodeRfc3986(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) // Array#sort is stable: repeated keys keep their order
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

/** The exact text that is HMAC'd: the path, then `?` and the canonical query when there is one. */
export function signedMessage(path: string, query: SignedQueryInput): string {
  const canonical = canonicalSignedQuery(query);
  return canonical === '' ? path : `${path}?${canonical}`;
}

// Lone surrogates make encodeURIComponent throw; a client-sent query must never do that,
// so they become U+FFFD exactly as String#toWellFormed would (not in our ES2023 lib yet).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD')).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
