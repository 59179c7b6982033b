import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import pg from 'pg';
import { createDatabase } from '../../src/storage/db/create-database.js';
import { filesRepositorySuite } from './files-repository-suite.js';

// Override only to point at another server; an unreachable server fails the suite on purpose.
const BASE_URL = process.env['CONVERTLY_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: BASE_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL at ${BASE_URL} is unreachable (${(error as Error).message}). ` +
        'The PostgreSQL suite needs it: start the server or set CONVERTLY_TEST_DATABASE_URL.',
      { cause: error },
    );
  }
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

filesRepositorySuite('PostgreSQL', async () => {
  // A schema per run keeps parallel runs and other engineers' tables apart; dropped afterwards.
  const schema = `convertly_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create schema "${schema}"`);
  const url = new URL(BASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const handle = createDatabase({ databaseUrl: url.toString(), sqlitePath: 'unused.db' });
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(handle.db);
  assert.equal(rows[0]?.schema, schema, 'the suite must run in its own schema, never in public');
  return {
    handle,
    async cleanup() {
      await handle.destroy();
      await adminQuery(`drop schema "${schema}" cascade`);
    },
  };
});
