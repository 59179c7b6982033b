import { hash, randomBytes } from 'node:crypto';
import { BASE62_CHARS, base62Length, encodeBase62 } from './base62.js';

export { safeEqualHex } from './safe-equal-hex.js';

/** The two kinds of workspace key: `api` (secret, full access) and `delivery` (public, render-only). */
export const KEY_KINDS = ['api', 'delivery'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

/** The token prefix of each kind: what makes a pasted key recognisable (and secret-scannable). */
export const KEY_PREFIXES = { api: 'cvly_', delivery: 'cvdk_' } as const satisfies Record<KeyKind, string>;

/** A freshly made key: `token` is shown once and never stored; `hash` is what the database keeps. */
export interface CreatedKey {
  readonly kind: KeyKind;
  readonly token: string;
  /** Public display id (`cvly_Ab3dE9xZ`): the prefix plus the first characters of the token. */
  readonly id: string;
  readonly hash: string;
}

/** A token whose shape is ours; it still has to be looked up by its hash. */
export interface ParsedKey {
  readonly kind: KeyKind;
  readonly token: string;
  readonly id: string;
}

const SECRET_BYTES = 32;
const BODY_LENGTH = base62Length(SECRET_BYTES); // 43
// 8 base62 digits shown in lists reveal ~47.6 of the 256 bits, leaving ~208: still far past
// brute force, and enough that two keys of one workspace practically never share a display id.
const DISPLAY_ID_DIGITS = 8;
const BODY = new RegExp(`^[${BASE62_CHARS}]{${BODY_LENGTH}}$`);

/** Creates a secret API key (`cvly_` + 43 base62 digits of 32 random bytes). */
export function createApiKey(): CreatedKey {
  return createKey('api');
}

/** Creates a public, render-only delivery key (`cvdk_…`), hashed and looked up like an API key. */
export function createDeliveryKey(): CreatedKey {
  return createKey('delivery');
}

/**
 * The SHA-256 hex digest a key (of either kind) is stored and looked up by.
 * A fast hash is right here, unlike for passwords: the token carries 256 random bits, so there
 * is no dictionary to try and a slow KDF would only add latency to every authenticated request.
 * It also keeps lookup a plain indexed equality on the digest, with no per-key salt.
 */
export function hashApiKey(token: string): string {
  // One-shot hash(): a quarter of createHash()'s cost, and this runs on every authenticated hit.
  return hash('sha256', token, 'hex');
}

/** Alias of {@link hashApiKey}, for call sites that handle delivery keys. */
export const hashDeliveryKey = hashApiKey;

/** Recognises either kind of key by prefix and shape; `null` when the text is not one of ours. */
export function parseKey(token: string): ParsedKey | null {
  if (typeof token !== 'string') return null;
  for (const kind of KEY_KINDS) {
    const prefix = KEY_PREFIXES[kind];
    if (token.startsWith(prefix) && BODY.test(token.slice(prefix.length))) {
      return { kind, token, id: token.slice(0, prefix.length + DISPLAY_ID_DIGITS) };
    }
  }
  return null;
}

/** Parses a secret API key (`cvly_…`); `null` for anything else, delivery keys included. */
export function parseApiKey(token: string): (ParsedKey & { readonly kind: 'api' }) | null {
  const parsed = parseKey(token);
  return parsed?.kind === 'api' ? { ...parsed, kind: 'api' } : null;
}

/** Parses a public delivery key (`cvdk_…`); `null` for anything else, API keys included. */
export function parseDeliveryKey(token: string): (ParsedKey & { readonly kind: 'delivery' }) | null {
  const parsed = parseKey(token);
  return parsed?.kind === 'delivery' ? { ...parsed, kind: 'delivery' } : null;
}

function createKey(kind: KeyKind): CreatedKey {
  const token = KEY_PREFIXES[kind] + encodeBase62(randomBytes(SECRET_BYTES), BODY_LENGTH);
  return { kind, token, id: token.slice(0, KEY_PREFIXES[kind].length + DISPLAY_ID_DIGITS), hash: hashApiKey(token) };
}
