import { invalidParameter } from '../../errors/app-error.js';

/** Long enough for any key we build, short enough for S3's 1024-byte limit. */
export const MAX_BLOB_KEY_LENGTH = 512;

// A leading dot is refused: it rules out `.` and `..` and keeps keys clear of temp-file names.
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** True when `key` is a valid blob key: relative, `/`-separated segments of letters, digits, `.`, `_`, `-`. */
export function isBlobKey(key: unknown): key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_BLOB_KEY_LENGTH) return false;
  return key.split('/').every((segment) => SEGMENT.test(segment));
}

/**
 * Asserts that `key` is a valid blob key.
 * @throws AppError invalid_parameter (parameter `key`) for an absolute path, `..`, an empty segment or another character.
 */
export function assertBlobKey(key: unknown): asserts key is string {
  if (!isBlobKey(key)) {
    throw invalidParameter('key', 'a relative blob key of "/"-separated letters, digits, ".", "_" and "-"', key);
  }
}
