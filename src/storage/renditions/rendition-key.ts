import { createHash } from 'node:crypto';
import { invalidParameter } from '../../errors/app-error.js';
import { FILE_ID_PATTERN } from '../files/file-id.js';

/** What makes two renders identical: the file's id and version, canonical params and the negotiated format. */
export interface RenditionKeyParts {
  readonly fileId: string;
  readonly version: number;
  /** The canonical parameter string (params/canonical-key.ts); hashed, so any length or character is fine. */
  readonly params: string;
  /** The negotiated output format, e.g. `webp`. */
  readonly format: string;
}

const FORMAT = /^[a-z0-9]{1,10}$/;
// `<fileId>/v<version>-<sha256 hex>.<format>`: also a safe relative path under the cache folder.
const KEY = /^([A-Za-z0-9_-]{1,64})\/v(\d{1,15})-[0-9a-f]{64}\.[a-z0-9]{1,10}$/;

/**
 * Builds the cache key of one rendition: `<fileId>/v<version>-<sha256(params)>.<format>`.
 * @throws AppError invalid_parameter when the id, version or format cannot be part of a path.
 */
export function renditionKey(parts: RenditionKeyParts): string {
  if (!FILE_ID_PATTERN.test(parts.fileId)) throw invalidParameter('fileId', 'a file id', parts.fileId);
  if (!Number.isSafeInteger(parts.version) || parts.version < 0) {
    throw invalidParameter('version', 'a non-negative integer', parts.version);
  }
  if (!FORMAT.test(parts.format)) throw invalidParameter('format', 'a lower-case format name', parts.format);
  const hash = createHash('sha256').update(parts.params).digest('hex');
  return `${parts.fileId}/v${parts.version}-${hash}.${parts.format}`;
}

/** True for a string `renditionKey` can return. */
export function isRenditionKey(key: unknown): key is string {
  return typeof key === 'string' && KEY.test(key);
}

/** The file id and version a key built by `renditionKey` names, or null for any other string. */
export function renditionKeyOwner(key: string): { readonly fileId: string; readonly version: number } | null {
  const [, fileId, digits] = KEY.exec(key) ?? [];
  return fileId === undefined || digits === undefined ? null : { fileId, version: Number(digits) };
}

/**
 * Asserts that `key` came from `renditionKey`: the cache uses keys as paths, so nothing else may reach the disk.
 * @throws AppError invalid_parameter otherwise.
 */
export function assertRenditionKey(key: unknown): asserts key is string {
  if (!isRenditionKey(key)) throw invalidParameter('key', 'a key built by renditionKey()', key);
}

