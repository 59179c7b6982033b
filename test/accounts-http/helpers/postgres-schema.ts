// A fresh PostgreSQL schema per run, as test/storage/files-repository-postgres.test.ts does it:
// parallel runs and other engineers' tables stay apart, and the schema is dropped afterwards.
import { randomBytes } from 'node:crypto';
import { Migrator } from 'kysely';
import pg from 'pg';
import { createDatabase } from '../../../src/storage/db/create-database.js';
import { MIGRATIONS } from '../../../src/storage/db/migrate-to-latest.js';

/** Override only to point at another server; an unreachable server fails the suite on purpose. */
export const POSTGRES_BASE_URL = process.env['CONVERTLY_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_BASE_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL at ${POSTGRES_BASE_URL} is unreachable (${(error as Error).message}). ` +
        'The PostgreSQL suites need it: start the server or set CONVERTLY_TEST_DATABASE_URL.',
      { cause: error },
    );
  }
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * A new schema, migrated, and a DATABASE_URL whose connections use it; `drop()` removes it.
 *
 * Migrated here with `migrationTableSchema` because kysely's Migrator, without it, looks for its
 * `kysely_migration*` tables in every schema of the database: while another run's schema exists
 * (two test files at once, or another engineer's run on the same server), `migrateToLatest`
 * would find that schema's tables, create none in ours, and fail on the search_path. Once ours
 * has them, the service's own `migrateToLatest` finds them through the search_path and has
 * nothing left to do.
 */
export async function createPostgresSchema(): Promise<{ readonly databaseUrl: string; readonly schema: string; drop(): Promise<void> }> {
  const schema = `convertly_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create schema "${schema}"`);
  const url = new URL(POSTGRES_BASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const handle = createDatabase({ databaseUrl: url.toString(), sqlitePath: 'unused.db' });
  try {
    const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) }, migrationTableSchema: schema });
    const { error } = await migrator.migrateToLatest();
    if (error !== undefined) throw error;
  } finally {
    await handle.destroy();
  }
  return { databaseUrl: url.toString(), schema, drop: () => adminQuery(`drop schema "${schema}" cascade`) };
}
