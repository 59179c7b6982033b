import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config/config.js';
import { createDecodedSourceCache, type DecodedSourceCache } from '../engine/decoded-source-cache.js';
import {
  createDatabase,
  createFilesRepository,
  createFsBlobStore,
  createRenditionCache,
  ensureDefaultWorkspace,
  migrateToLatest,
  type BlobStore,
  type DatabaseHandle,
  type CachedFilesRepository,
  type RenditionCache,
  withFileCache,
} from '../storage/index.js';
import { tuneSharpForServer } from '../engine/server-tuning.js';
import { createDetectorPool, type DetectorPool } from '../workers/detector-pool.js';
import type { Semaphore } from '../shared/semaphore.js';
import { createWorkLimiter } from './work-limiter.js';

/** Everything the server and the admin CLI share, built once from the config. */
export interface Services {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly files: CachedFilesRepository;
  readonly blobs: BlobStore;
  readonly renditions: RenditionCache;
  /** Decoded intermediates of hot originals, keyed by blob key (renderTransform's `decoded` option). */
  readonly decoded: DecodedSourceCache;
  readonly pool: DetectorPool;
  /** Bounds the renders and analyses in flight (see work-limiter.ts). */
  readonly work: Semaphore;
  /** Errors the service survives (cleanup after a delete, a failed cache write): they are logged, not thrown. */
  readonly reportError: (error: unknown) => void;
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

/**
 * Opens and migrates the database only: what the admin CLI needs, without touching the rendition
 * cache a running server may be writing to.
 */
export async function openDatabase(config: Config, onPoolError?: (error: unknown) => void): Promise<DatabaseHandle> {
  await mkdir(config.dataDir, { recursive: true });
  const database = createDatabase({
    sqlitePath: join(config.dataDir, 'convertly.sqlite'),
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

/** Opens the database (migrating it), the blob store, the rendition cache and the detector pool. */
export async function createServices(config: Config, options: CreateServicesOptions = {}): Promise<Services> {
  tuneSharpForServer();
  const database = await openDatabase(config, options.onError);
  let renditions: RenditionCache;
  try {
    renditions = await createRenditionCache({
      dir: join(config.dataDir, 'renditions'),
      maxDiskBytes: config.cache.maxDiskBytes,
      maxMemoryBytes: config.cache.maxMemoryBytes,
      ...(options.onError ? { onError: options.onError } : {}),
    });
  } catch (error) {
    await database.destroy();
    throw error;
  }
  const pool = options.detectors === false ? noPool : createDetectorPool({ threads: config.workerThreads });
  return {
    config,
    database,
    files: withFileCache(createFilesRepository(database.db)),
    blobs: createFsBlobStore(join(config.dataDir, 'blobs')),
    renditions,
    decoded: createDecodedSourceCache(config.cache.maxDecodedBytes),
    pool,
    work: createWorkLimiter(config.work),
    reportError: (error) => options.onError?.(error),
    async close() {
      await pool.destroy();
      await database.destroy();
    },
  };
}
