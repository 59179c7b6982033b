import { createHash, randomBytes } from 'node:crypto';

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

/**
 * A file id that is a function of `parts` (the same shape as `createFileId`'s): 100 bits of their SHA-256.
 * A source path's fetched original takes one (first-fetch.ts), so that every instance, and every retry after a
 * failed store, that fetches the same bytes of the same path names them alike: one id, one rendition key, one charge.
 */
export function deriveFileId(parts: readonly string[]): string {
  const hash = createHash('sha256');
  // Each part is length-prefixed, so no two lists of parts hash alike whatever characters they hold.
  for (const part of parts) hash.update(`${part.length}:${part}`);
  let id = 'f_';
  for (const byte of hash.digest().subarray(0, RANDOM_CHARS)) id += ALPHABET[byte & 31];
  return id;
}

/** The id shape the storage layer accepts: URL- and path-safe, at most 64 characters. */
export const FILE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** True when `value` has the shape of a file id (it may still not exist). */
export function isFileId(value: unknown): value is string {
  return typeof value === 'string' && FILE_ID_PATTERN.test(value);
}
