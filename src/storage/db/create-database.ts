import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { AppError } from '../../errors/app-error.js';
import type { Database } from './schema.js';

/** The SQL dialects Convertly runs on. */
export const DIALECTS = ['sqlite', 'postgres'] as const;
export type DialectName = (typeof DIALECTS)[number];

export interface CreateDatabaseOptions {
  /** A `postgres://` or `postgresql://` URL; empty or absent means SQLite at `sqlitePath`. */
  readonly databaseUrl?: string | undefined;
  /** The SQLite file; its folder is created when missing. `:memory:` works for throwaway use. */
  readonly sqlitePath: string;
  /** Idle PostgreSQL connections can fail between queries; without a listener that would crash the process. */
  readonly onPoolError?: ((error: Error) => void) | undefined;
}

/** An open database: the Kysely instance, which dialect it speaks, and how to close it. */
export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  /**
   * The same database, for counters written on every cache miss (usage). On a SQLite file it is a
   * second connection whose commits are not fsynced one by one (WAL with synchronous=NORMAL): a
   * crash of the process loses nothing, a power cut may lose the last increments (in the
   * customer's favour), and a miss no longer blocks the event loop on an fsync. Elsewhere it is `db`.
   */
  readonly counters: Kysely<Database>;
  readonly dialect: DialectName;
  /** The PostgreSQL connection string (for a dedicated LISTEN connection, storage/db/change-feed.ts); undefined on SQLite. */
  readonly postgresUrl?: string | undefined;
  destroy(): Promise<void>;
}

/** How long a SQLite writer waits for another writer's lock before giving up. */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;
const PG_POOL_SIZE = 10;

/**
 * Opens the database: PostgreSQL when `databaseUrl` is a postgres URL, else SQLite.
 * Does not migrate; call `migrateToLatest` next.
 * @throws AppError invalid_parameter when `databaseUrl` has any other scheme.
 */
export function createDatabase(options: CreateDatabaseOptions): DatabaseHandle {
  const url = options.databaseUrl?.trim() ?? '';
  if (url === '') return openSqlite(options.sqlitePath);
  if (/^postgres(ql)?:\/\//i.test(url)) return openPostgres(url, options.onPoolError);
  // Silently falling back to SQLite would split a scaled-out deployment into separate databases.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1] ?? 'none';
  throw new AppError(
    'invalid_parameter',
    `Expected a postgres:// or postgresql:// URL for DATABASE_URL but received one with scheme "${scheme}"`,
    { details: { parameter: 'DATABASE_URL' } },
  );
}

function openSqliteConnection(path: string, synchronous: 'FULL' | 'NORMAL'): Kysely<Database> {
  const sqlite = new SqliteDatabase(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${synchronous}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

function openSqlite(path: string): DatabaseHandle {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  // WAL lets readers run while one writer writes. FULL syncs the WAL on every commit: NORMAL could
  // lose an upload already answered with 201 on power loss, and writes are rare next to renders.
  const db = openSqliteConnection(path, 'FULL');
  // A second connection to an in-memory database would be another database.
  const counters = path === ':memory:' ? db : openSqliteConnection(path, 'NORMAL');
  return {
    db,
    counters,
    dialect: 'sqlite',
    destroy: async () => {
      if (counters !== db) await counters.destroy();
      await db.destroy();
    },
  };
}

function openPostgres(connectionString: string, onPoolError: CreateDatabaseOptions['onPoolError']): DatabaseHandle {
  const pool = new pg.Pool({ connectionString, max: PG_POOL_SIZE });
  pool.on('error', (error) => onPoolError?.(error));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, counters: db, dialect: 'postgres', postgresUrl: connectionString, destroy: () => db.destroy() };
}
