import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config/config.js';
import { createDetectionMemo, type DetectionMemo } from '../render/detection-memo.js';
import { createDecodedSourceCache, type DecodedSourceCache } from '../engine/decoded-source-cache.js';
import {
  createDatabase,
  createFilesRepository,
  createFsBlobStore,
  createRenditionCache,
  createS3BlobStore,
  createS3Client,
  createS3SharedTier,
  ensureDefaultWorkspace,
  joinS3Key,
  migrateToLatest,
  openChangeFeed,
  s3ClientOptionsFromEnv,
  type BlobStore,
  type ChangeFeed,
  type DatabaseHandle,
  type CachedFilesRepository,
  type RenditionCache,
  type S3Bucket,
  withFileCache,
  createSourcesRepository,
  withSourceCache,
  createOrigins,
  sweepTempFiles,
  createSpaceReserve,
  type SpaceReserve,
  type CachedSourcesRepository,
  type Origins,
  createPresetsRepository,
  type PresetsRepository,
} from '../storage/index.js';
import { tuneSharpForServer } from '../engine/server-tuning.js';
import { createDetectorPool, type DetectorPool } from '../workers/detector-pool.js';
import type { Semaphore } from '../shared/semaphore.js';
import { createWorkLimiter } from './work-limiter.js';
import { createMarkCache, type MarkCache } from '../engine/mark-layer.js';

/** Room for resized marks (`mark=`): a logo at a few sizes is tens of kilobytes each, so this holds hundreds. */
const MARK_CACHE_BYTES = 16 * 1024 * 1024;

/** Everything the server and the admin CLI share, built once from the config. */
export interface Services {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly files: CachedFilesRepository;
  /** Read-only origins (web folders, S3 buckets) images are fetched from on first use. */
  readonly sources: CachedSourcesRepository;
  /** Named transformations per workspace (`preset=NAME`), read from the database on each use so every instance sees a change at once. */
  readonly presets: PresetsRepository;
  /** The origins of sources, behind one SSRF-guarded connection pool. */
  readonly origins: Origins;
  readonly blobs: BlobStore;
  readonly renditions: RenditionCache;
  /** The bucket when `S3_BUCKET` is set (originals and the shared rendition tier live there); undefined otherwise. */
  readonly s3: S3Bucket | undefined;
  /** What other instances change (deletes, focal points, revoked keys) and how to tell them ours (PostgreSQL LISTEN/NOTIFY). */
  readonly changes: ChangeFeed;
  /** Decoded intermediates of hot originals, keyed by blob key (renderTransform's `decoded` option). */
  readonly decoded: DecodedSourceCache;
  /** Faces and objects found by renders, per original (blob key), so its other sizes scan nothing. */
  readonly detected: DetectionMemo;
  /** Watermarks resized for renders (`mark=`), per mark bytes, size and opacity. */
  readonly marks: MarkCache;
  readonly pool: DetectorPool;
  /** Bounds the renders and analyses in flight (see work-limiter.ts). */
  readonly work: Semaphore;
  /** Space held back so deletes and refunds work on a full disk (STORAGE_RESERVE_BYTES). */
  readonly reserve: SpaceReserve;
  /** Errors the service survives (cleanup after a delete, a failed cache write): they are logged, not thrown. */
  readonly reportError: (error: unknown) => void;
  /**
   * Registers durable work that follows an answer (a first fetch's original and row, first-fetch.ts): `close`
   * runs `finish` (start it now if it has not started) and waits for it before the database and the bucket go,
   * so a SIGTERM drain does not drop it. Returns the function that unregisters it once it has settled.
   */
  readonly finishBeforeClose: (finish: () => Promise<unknown>) => () => void;
  close(): Promise<void>;
}

export interface CreateServicesOptions {
  /** Start detector threads (the server does; admin commands need none). */
  readonly detectors?: boolean;
  /** Errors the service survives (a failed cache write, an idle database connection dropping): log them. */
  readonly onError?: (error: unknown) => void;
}

const noPool: DetectorPool = {
  faces: () => Promise.reject(new Error('no detector pool in this process')),
  objects: () => Promise.reject(new Error('no detector pool in this process')),
  smartCrop: () => Promise.reject(new Error('no detector pool in this process')),
  describe: () => Promise.reject(new Error('no detector pool in this process')),
  status: async () => [],
  queueSize: 0,
  destroy: async () => {},
};

/** Where the embedded SQLite database lives (used when DATABASE_URL is not set). */
export function sqlitePath(config: Config): string {
  return join(config.dataDir, 'convertly.sqlite');
}

/**
 * Opens and migrates the database only: what the admin CLI needs, without touching the rendition
 * cache a running server may be writing to.
 */
export async function openDatabase(config: Config, onPoolError?: (error: unknown) => void): Promise<DatabaseHandle> {
  await mkdir(config.dataDir, { recursive: true });
  const database = createDatabase({
    sqlitePath: sqlitePath(config),
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    ...(onPoolError ? { onPoolError } : {}),
  });
  try {
    await migrateToLatest(database.db, { dialect: database.dialect });
    await ensureDefaultWorkspace(database.db);
    return database;
  } catch (error) {
    await database.destroy();
    throw error;
  }
}

/** Where originals and shared renditions live in the bucket, under `S3_PREFIX`. */
export const S3_ORIGINALS_PREFIX = 'originals';
export const S3_RENDITIONS_PREFIX = 'renditions';

/** The blob store of this deployment: the bucket when `S3_BUCKET` is set, else `<dataDir>/blobs`. */
export function openBlobStore(config: Config, s3: S3Bucket | undefined): BlobStore {
  if (s3 === undefined || config.s3 === undefined) return createFsBlobStore(join(config.dataDir, 'blobs'));
  return createS3BlobStore(s3, { prefix: joinS3Key(config.s3.prefix, S3_ORIGINALS_PREFIX) });
}

/** The shared rendition tier's objects as a blob store (raw cache files by rendition key: `storage migrate`, `storage gc`). */
export function openSharedRenditionStore(s3Config: NonNullable<Config['s3']>, s3: S3Bucket): BlobStore {
  return createS3BlobStore(s3, { prefix: joinS3Key(s3Config.prefix, S3_RENDITIONS_PREFIX) });
}

/** Opens the database (migrating it), the blob store, the rendition cache and the detector pool. */
export async function createServices(config: Config, options: CreateServicesOptions = {}): Promise<Services> {
  tuneSharpForServer();
  // Uploads a crash (kill -9, power cut) interrupted left temp files; nothing is writing them now.
  await sweepTempFiles(join(config.dataDir, 'blobs'));
  const database = await openDatabase(config, options.onError);
  const s3 = config.s3 === undefined ? undefined : createS3Client(s3ClientOptionsFromEnv(config.s3));
  let renditions: RenditionCache;
  let changes: ChangeFeed;
  try {
    renditions = await createRenditionCache({
      dir: join(config.dataDir, 'renditions'),
      maxDiskBytes: config.cache.maxDiskBytes,
      maxMemoryBytes: config.cache.maxMemoryBytes,
      shared: s3 && config.s3 ? createS3SharedTier(s3, { prefix: joinS3Key(config.s3.prefix, S3_RENDITIONS_PREFIX) }) : undefined,
      ...(options.onError ? { onError: options.onError } : {}),
    });
    changes = await openChangeFeed(database, { onError: options.onError });
  } catch (error) {
    s3?.destroy();
    await database.destroy();
    throw error;
  }
  const decoded = createDecodedSourceCache(config.cache.maxDecodedBytes);
  // Another instance deleted a file: its renditions here are unreachable already (the row is gone), free the space.
  changes.subscribe((change) => {
    if (change.kind !== 'file' || !change.deleted) return;
    renditions.forgetFile(change.fileId).catch((error: unknown) => options.onError?.(error));
    decoded.delete(`${change.workspaceId}/${change.fileId}`);
  });
  const reserve = createSpaceReserve(join(config.dataDir, '.space-reserve'), config.storageReserveBytes);
  await reserve.ensure().catch((error: unknown) => options.onError?.(error));
  const pool = options.detectors === false ? noPool : createDetectorPool({ threads: config.workerThreads });
  const origins = createOrigins(config.sources, config.limits.maxUploadBytes);
  const unfinished = new Set<() => Promise<unknown>>();
  return {
    config,
    database,
    files: withFileCache(createFilesRepository(database.db), { changes }),
    sources: withSourceCache(createSourcesRepository(database.db)),
    presets: createPresetsRepository(database.db),
    origins,
    blobs: openBlobStore(config, s3),
    renditions,
    s3,
    changes,
    decoded,
    detected: createDetectionMemo(),
    marks: createMarkCache(MARK_CACHE_BYTES),
    pool,
    work: createWorkLimiter(config.work),
    reserve,
    reportError: (error) => options.onError?.(error),
    finishBeforeClose(finish) {
      unfinished.add(finish);
      return () => void unfinished.delete(finish);
    },
    async close() {
      origins.close();
      // Before anything they use is closed; a failure is theirs to report (persist logs its own).
      await Promise.allSettled([...unfinished].map((finish) => finish()));
      await pool.destroy();
      await renditions.flush();
      await changes.close();
      s3?.destroy();
      await database.destroy();
    },
  };
}
