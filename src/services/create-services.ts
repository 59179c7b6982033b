import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config/config.js';
import {
  createDatabase,
  createFilesRepository,
  createFsBlobStore,
  createRenditionCache,
  ensureDefaultWorkspace,
  migrateToLatest,
  type BlobStore,
  type DatabaseHandle,
  type FilesRepository,
  type RenditionCache,
} from '../storage/index.js';
import { createDetectorPool, type DetectorPool } from '../workers/detector-pool.js';

/** Everything the server and the admin CLI share, built once from the config. */
export interface Services {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly files: FilesRepository;
  readonly blobs: BlobStore;
  readonly renditions: RenditionCache;
  readonly pool: DetectorPool;
  close(): Promise<void>;
}

export interface CreateServicesOptions {
  /** Start detector threads (the server does; admin commands need none). */
  readonly detectors?: boolean;
  readonly onCacheError?: (error: unknown) => void;
}

const noPool: DetectorPool = {
  faces: () => Promise.reject(new Error('no detector pool in this process')),
  smartCrop: () => Promise.reject(new Error('no detector pool in this process')),
  describe: () => Promise.reject(new Error('no detector pool in this process')),
  status: async () => [],
  queueSize: 0,
  destroy: async () => {},
};

/** Opens the database (migrating it), the blob store, the rendition cache and the detector pool. */
export async function createServices(config: Config, options: CreateServicesOptions = {}): Promise<Services> {
  await mkdir(config.dataDir, { recursive: true });
  const database = createDatabase({ sqlitePath: join(config.dataDir, 'convertly.sqlite'), ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}) });
  try {
    await migrateToLatest(database.db, { dialect: database.dialect });
    await ensureDefaultWorkspace(database.db);
  } catch (error) {
    await database.destroy();
    throw error;
  }
  const renditions = await createRenditionCache({
    dir: join(config.dataDir, 'renditions'),
    maxDiskBytes: config.cache.maxDiskBytes,
    maxMemoryBytes: config.cache.maxMemoryBytes,
    ...(options.onCacheError ? { onError: options.onCacheError } : {}),
  });
  const pool = options.detectors === false ? noPool : createDetectorPool(config.workerThreads > 0 ? { threads: config.workerThreads } : {});
  return {
    config,
    database,
    files: createFilesRepository(database.db),
    blobs: createFsBlobStore(join(config.dataDir, 'blobs')),
    renditions,
    pool,
    async close() {
      await pool.destroy();
      await database.destroy();
    },
  };
}
