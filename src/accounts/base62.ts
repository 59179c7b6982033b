import { AppError } from '../errors/app-error.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Encodes bytes as a fixed-width base62 string (big-endian, left-padded with `0`).
 * Base62 rather than base64url so tokens select with one double-click and need no URL escaping.
 * @throws AppError internal_error when the value does not fit in `length` characters (a caller's bug).
 */
export function encodeBase62(bytes: Uint8Array, length: number): string {
  let value = bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
  let out = '';
  while (value > 0n) {
    out = ALPHABET[Number(value % 62n)] + out;
    value /= 62n;
  }
  if (out.length > length) throw new AppError('internal_error', `Expected at most ${length} base62 digits but needed ${out.length}`);
  return out.padStart(length, '0');
}

/** Characters a base62 string may contain, for shape checks. */
export const BASE62_CHARS = '0-9A-Za-z';

/** Digits needed to hold any value of `byteLength` bytes: ceil(8·n / log2 62). */
export function base62Length(byteLength: number): number {
  return Math.ceil((byteLength * 8) / Math.log2(62));
}
