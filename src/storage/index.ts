// The storage layer's public surface: the HTTP layer and the CLI import from here only.
export { createDatabase, DIALECTS, type CreateDatabaseOptions, type DatabaseHandle, type DialectName } from './db/create-database.js';
export { migrateToLatest, MIGRATIONS } from './db/migrate-to-latest.js';
export { ensureDefaultWorkspace, DEFAULT_WORKSPACE_ID } from './db/ensure-default-workspace.js';
export { wrapDbError, withDbErrors } from './db/wrap-db-error.js';
export { inTransaction } from './db/in-transaction.js';
export { openChangeFeed, type Change, type ChangeFeed, type ChangeListener } from './db/change-feed.js';
export type { Database, FilesTable, WorkspacesTable, FileRow, WorkspaceRow, IsoTimestamp } from './db/schema.js';
export { withFileCache, type CachedFilesRepository, type FileCacheOptions } from './files/cached-files-repository.js';
export { createFileId, deriveFileId, isFileId, FILE_ID_PATTERN } from './files/file-id.js';
export { encodeFileCursor, parseFileCursor, type FileCursor } from './files/file-cursor.js';
export type { FileRecord, FocalPoint, OriginValidators } from './files/file-record.js';
export {
  createFilesRepository,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type FilesRepository,
  type FilePage,
  type ListFilesOptions,
  type NewFile,
  type ReplacedOriginal,
} from './files/files-repository.js';
export type { BlobStore } from './blobs/blob-store.js';
export { assertBlobKey, isBlobKey, MAX_BLOB_KEY_LENGTH } from './blobs/blob-key.js';
export { createFsBlobStore, fsBlobPath } from './blobs/fs-blob-store.js';
export { sweepTempFiles } from './fs/sweep-temp-files.js';
export { createSpaceReserve, isStorageFull, storageFull, type SpaceReserve } from './fs/space-reserve.js';
export { createS3BlobStore, type S3BlobStoreOptions } from './blobs/s3-blob-store.js';
export { createS3Client, type S3Bucket } from './s3/s3-client.js';
export { joinS3Key, s3ClientOptionsFromEnv, type S3ClientOptions, type S3Credentials } from './s3/s3-config.js';
export { isS3NotFound, isS3Unavailable, wrapS3Error, STORAGE_RETRY_AFTER_SECONDS } from './s3/s3-errors.js';
export {
  createRenditionCache,
  type CacheOutcome,
  type RenditionCache,
  type RenditionCacheOptions,
  type RenditionCacheStats,
} from './renditions/rendition-cache.js';
export type { RenderHooks, SharedHint } from './renditions/ask-shared-tier.js';
export { decodeRendition, type RenditionEntry } from './renditions/rendition-file.js';
export { scanRenditions } from './renditions/scan-renditions.js';
export { createS3SharedTier, type SharedTier } from './renditions/shared-tier.js';
export { renditionKey, renditionKeyOwner, isRenditionKey, assertRenditionKey, type RenditionKeyParts } from './renditions/rendition-key.js';
export { createSourcesRepository, type NewSource, type SourcesRepository } from './sources/sources-repository.js';
export {
  SOURCE_DIALECTS,
  type HttpSourceSettings,
  type S3SourceSettings,
  type SourceDialect,
  type SourceKind,
  type SourceRecord,
  type SourceSettings,
} from './sources/source-record.js';
export { withSourceCache, type CachedSourcesRepository } from './sources/cached-sources-repository.js';
export { createOrigins, originUrl, type Origins } from './origins/create-origins.js';
export { createAddressPolicy, type AddressPolicy } from './origins/address-policy.js';
export type { Origin, OriginAnswer, Validators, FetchLimits } from './origins/origin-answer.js';
export { createPresetsRepository, type PresetRecord, type PresetsRepository } from './presets/presets-repository.js';
