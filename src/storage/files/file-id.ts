import { randomBytes } from 'node:crypto';

/**
 * Crockford base32 in lower case: no look-alike letters, and digits-then-lowercase sorts the
 * same under every collation, so ids order identically on SQLite and PostgreSQL.
 */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const RANDOM_CHARS = 20; // 100 bits: collisions are not a practical concern

/** Creates a new file id: `f_` and 20 random base32 characters. */
export function createFileId(): string {
  const bytes = randomBytes(RANDOM_CHARS);
  let id = 'f_';
  // 256 is a multiple of 32, so masking keeps every character equally likely.
  for (const byte of bytes) id += ALPHABET[byte & 31];
  return id;
}

/** The id shape the storage layer accepts: URL- and path-safe, at most 64 characters. */
export const FILE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** True when `value` has the shape of a file id (it may still not exist). */
export function isFileId(value: unknown): value is string {
  return typeof value === 'string' && FILE_ID_PATTERN.test(value);
}
