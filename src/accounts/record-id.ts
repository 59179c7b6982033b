import { randomBytes } from 'node:crypto';
import { base62Length, encodeBase62 } from './base62.js';

const ID_BYTES = 12;

/** A random record id with a readable prefix (`u_…`, `ss_…`): 96 bits, base62, URL-safe. */
export function createRecordId(prefix: string): string {
  return `${prefix}_${encodeBase62(randomBytes(ID_BYTES), base62Length(ID_BYTES))}`;
}
