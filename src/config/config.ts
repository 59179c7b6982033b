import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { AppError, expectedMessage } from '../errors/app-error.js';
import { isIntegerInRange } from '../shared/is.js';
import { DEFAULT_MAX_ANIMATION_PIXELS, type ProbeLimits } from './limits.js';
import { parseS3Env, type S3Env } from './s3-env.js';

/** The whole runtime configuration, frozen. Only this module reads process.env. */
export interface Config {
  readonly host: string;
  readonly port: number;
  /** Public base URL of the service when behind a proxy (for Secure cookies and CSRF origin checks). */
  readonly publicUrl: string | undefined;
  /** Which proxies to believe for X-Forwarded-*: false (none, the default), true (any), or a comma list of addresses/CIDRs. */
  readonly trustProxy: boolean | string;
  readonly dataDir: string;
  /** PostgreSQL when set (`postgres://…`); SQLite in dataDir otherwise. */
  readonly databaseUrl: string | undefined;
  /** S3-compatible object storage for originals and the shared rendition tier when `S3_BUCKET` is set; the data folder otherwise. */
  readonly s3: S3Env | undefined;
  readonly limits: ProbeLimits & {
    readonly maxUploadBytes: number;
    /** Largest output, in pixels (width × height after dpr). */
    readonly maxOutputPixels: number;
    /** Largest animated render, frames × output pixels (`MAX_ANIMATION_PIXELS`). */
    readonly maxAnimationPixels: number;
  };
  readonly cache: {
    readonly maxDiskBytes: number;
    readonly maxMemoryBytes: number;
    /** Decoded originals kept so renders of other sizes skip the JPEG decode (engine/decoded-source-cache.ts); 0 keeps none. */
    readonly maxDecodedBytes: number;
  };
  /** Detector worker threads (each holds ~200 MB of tfjs heap); one core is left to the event loop and libvips. */
  readonly workerThreads: number;
  /** Renders and analyses in flight at once (each holds a decoded original), and how many may wait; more is a 503. */
  readonly work: {
    readonly concurrency: number;
    readonly maxQueue: number;
    /** A render that runs longer than this (its slot included, not its wait) is stopped: 503 render_timeout. */
    readonly renderTimeoutMs: number;
  };
  readonly logLevel: string;
  readonly quotas: { readonly free: number; readonly starter: number; readonly pro: number };
  /** The first-run admin (only used on an empty database). */
  readonly admin: { readonly email: string | undefined; readonly password: string | undefined };
  /** imgix's secure URL token: when set, `/imgix/…` URLs with `s=` are verified against it. */
  readonly imgixSecureToken: string | undefined;
  /** Fetching originals from sources (issue 14). */
  readonly sources: SourcesConfig;
  /** `/metrics` wants `Authorization: Bearer <this>` when set; unset, it answers loopback callers only. */
  readonly metricsToken: string | undefined;
  /** Bytes held back on the data volume so deletes and refunds still work once it is full (storage/fs/space-reserve.ts). */
  readonly storageReserveBytes: number;
}

/** How originals are fetched from sources: what may be reached, how long it may take, how long a copy is trusted. */
export interface SourcesConfig {
  /** CIDRs of private addresses origins may resolve to (`SOURCES_ALLOW_PRIVATE`); none by default. */
  readonly allowPrivate: readonly string[];
  /** A fetched original is revalidated with its origin after this long (`SOURCES_TTL_SECONDS`, an hour). */
  readonly ttlSeconds: number;
  readonly connectTimeoutMs: number;
  /** The whole fetch, redirects and body included. */
  readonly timeoutMs: number;
}

const CIDR = /^(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*)(?:\/\d{1,3})?$/;

function parseCidrList(raw: string | undefined): string[] {
  const list = (raw ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
  for (const item of list) {
    if (!CIDR.test(item)) {
      throw new AppError('invalid_parameter', expectedMessage('comma-separated addresses or CIDRs (127.0.0.1/32, 10.0.0.0/8, fd00::/8)', 'the environment variable SOURCES_ALLOW_PRIVATE', item, JSON.stringify));
    }
  }
  return list;
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!isIntegerInRange(value, min, Number.MAX_SAFE_INTEGER)) {
    throw new AppError('invalid_parameter', expectedMessage(`an integer ≥ ${min}`, `the environment variable ${name}`, raw, JSON.stringify));
  }
  return value;
}

const MB = 1024 * 1024;

function parseTrustProxy(raw: string | undefined): boolean | string {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  return raw === 'true' ? true : raw;
}

/**
 * Builds the configuration from environment variables over embedded defaults (SQLite, ./data).
 * @throws invalid_parameter when a variable is malformed
 */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = resolve(env.CONVERTLY_DATA_DIR ?? env.DATA_DIR ?? './data');
  const config: Config = {
    host: env.HOST ?? '127.0.0.1',
    port: integer(env, 'PORT', 3000),
    publicUrl: env.PUBLIC_URL || undefined,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    s3: parseS3Env(env),
    limits: {
      maxUploadBytes: integer(env, 'MAX_UPLOAD_BYTES', 50 * MB, 1),
      maxInputPixels: integer(env, 'MAX_INPUT_PIXELS', 100_000_000, 1),
      maxOutputPixels: integer(env, 'MAX_OUTPUT_PIXELS', 40_000_000, 1),
      maxAnimationPixels: integer(env, 'MAX_ANIMATION_PIXELS', DEFAULT_MAX_ANIMATION_PIXELS, 1),
    },
    cache: {
      maxDiskBytes: integer(env, 'CACHE_MAX_BYTES', 2048 * MB, 1024 * 1024),
      maxMemoryBytes: integer(env, 'CACHE_MEMORY_BYTES', 64 * MB, 1024),
      // 48 MiB holds the intermediates of ~60 hot 1920 px originals at the common 1/3 scale (~0.8 MB each).
      maxDecodedBytes: integer(env, 'DECODE_CACHE_BYTES', 48 * MB, 0),
    },
    workerThreads: integer(env, 'WORKER_THREADS', Math.max(1, availableParallelism() - 1), 1),
    work: {
      // One render per core: more only queue inside libvips and starve the event loop (bench:server).
      concurrency: integer(env, 'RENDER_CONCURRENCY', availableParallelism(), 1),
      maxQueue: integer(env, 'RENDER_QUEUE', 256, 0),
      // Like imgproxy's timeout: a render stuck in libvips must not hold a slot that others queue for.
      renderTimeoutMs: integer(env, 'RENDER_TIMEOUT_MS', 20_000, 1),
    },
    logLevel: env.CONVERTLY_LOG_LEVEL ?? env.LOG_LEVEL ?? 'info',
    quotas: {
      free: integer(env, 'QUOTA_FREE', 1_000),
      starter: integer(env, 'QUOTA_STARTER', 50_000),
      pro: integer(env, 'QUOTA_PRO', 500_000),
    },
    admin: { email: env.ADMIN_EMAIL || undefined, password: env.ADMIN_PASSWORD || undefined },
    imgixSecureToken: env.IMGIX_SECURE_TOKEN?.trim() || undefined,
    sources: {
      allowPrivate: parseCidrList(env.SOURCES_ALLOW_PRIVATE),
      ttlSeconds: integer(env, 'SOURCES_TTL_SECONDS', 3600),
      connectTimeoutMs: integer(env, 'SOURCES_CONNECT_TIMEOUT_MS', 5000, 1),
      timeoutMs: integer(env, 'SOURCES_TIMEOUT_MS', 30_000, 1),
    },
    metricsToken: env.METRICS_TOKEN?.trim() || undefined,
    storageReserveBytes: integer(env, 'STORAGE_RESERVE_BYTES', 8 * MB, 0),
    ...overrides,
  };
  return Object.freeze(config);
}
