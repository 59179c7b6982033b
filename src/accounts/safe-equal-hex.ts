import { timingSafeEqual } from 'node:crypto';

const HEX = /^(?:[0-9a-f]{2})*$/i;

/**
 * Compares two hex digests in constant time (for equal lengths); case-insensitive.
 * Malformed hex or different lengths are simply unequal: digest lengths are public, so
 * returning early on them leaks nothing.
 */
export function safeEqualHex(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  // Buffer.from(…, 'hex') silently stops at the first bad character, so check the shape first.
  if (a.length !== b.length || !HEX.test(a) || !HEX.test(b)) return false;
  return timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}
