import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { isAppError } from '../../src/errors/app-error.js';
import { createDatabase } from '../../src/storage/db/create-database.js';
import { migrateToLatest, MIGRATIONS } from '../../src/storage/db/migrate-to-latest.js';
import { DEFAULT_WORKSPACE_ID, ensureDefaultWorkspace } from '../../src/storage/index.js';
import { makeTempDir, removeDir } from './temp-dir.js';

describe('createDatabase', () => {
  let dir = '';
  before(async () => {
    dir = await makeTempDir('db');
  });
  after(() => removeDir(dir));

  it('opens SQLite in WAL mode with foreign keys and a busy timeout, creating its folder', async () => {
    const path = join(dir, 'a', 'b', 'convertly.db');
    const { db, dialect, destroy } = createDatabase({ sqlitePath: path, databaseUrl: '' });
    try {
      assert.equal(dialect, 'sqlite');
      const pragma = async (name: string) =>
        Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as Record<string, unknown>)[0];
      assert.equal(await pragma('journal_mode'), 'wal');
      assert.equal(await pragma('foreign_keys'), 1);
      assert.equal(await pragma('busy_timeout'), 5000);
      assert.equal(await pragma('synchronous'), 2, 'FULL');
      assert.ok(existsSync(path));
    } finally {
      await destroy();
    }
  });

  it('writes counters through a second SQLite connection that does not fsync each commit, on the same data', async () => {
    const { db, counters, destroy } = createDatabase({ sqlitePath: join(dir, 'counters.db'), databaseUrl: '' });
    try {
      assert.notEqual(counters, db);
      const synchronous = async (on: typeof db) => Object.values((await sql.raw('pragma synchronous').execute(on)).rows[0] as Record<string, unknown>)[0];
      assert.deepEqual([await synchronous(db), await synchronous(counters)], [2, 1], 'FULL for files and keys, NORMAL for counters');
      assert.equal(Object.values((await sql.raw('pragma journal_mode').execute(counters)).rows[0] as Record<string, unknown>)[0], 'wal');
      await migrateToLatest(db);
      await ensureDefaultWorkspace(db);
      await counters.insertInto('usage').values({ workspace_id: DEFAULT_WORKSPACE_ID, period: '2026-11', used: 3 }).execute();
      const seen = await db.selectFrom('usage').select('used').where('period', '=', '2026-11').executeTakeFirstOrThrow();
      assert.equal(Number(seen.used), 3, 'a counter written on one connection is read on the other');
    } finally {
      await destroy();
    }
  });

  it('uses one connection for everything in memory (a second would be another database)', async () => {
    const { db, counters, destroy } = createDatabase({ sqlitePath: ':memory:', databaseUrl: '' });
    try {
      assert.equal(counters, db);
    } finally {
      await destroy();
    }
  });

  it('applies every migration once, in order', async () => {
    const { db, destroy } = createDatabase({ sqlitePath: join(dir, 'migrate.db') });
    try {
      assert.deepEqual(await migrateToLatest(db), Object.keys(MIGRATIONS));
      assert.deepEqual(await migrateToLatest(db), []);
      const indexes = await sql<{ name: string }>`select name from sqlite_master where type = 'index'`.execute(db);
      assert.ok(indexes.rows.some((row) => row.name === 'files_workspace_created_idx'));
    } finally {
      await destroy();
    }
  });

  it('picks PostgreSQL for postgres:// and postgresql:// URLs without connecting yet', async () => {
    for (const databaseUrl of ['postgres://u@127.0.0.1:1/x', 'postgresql://u@127.0.0.1:1/x']) {
      const handle = createDatabase({ databaseUrl, sqlitePath: join(dir, 'unused.db') });
      assert.equal(handle.dialect, 'postgres');
      await handle.destroy();
    }
  });

  it('refuses another URL scheme without echoing its credentials', () => {
    assert.throws(
      () => createDatabase({ databaseUrl: 'mysql://root:hunter2@db/x', sqlitePath: join(dir, 'x.db') }),
      (error: unknown) => {
        assert.ok(isAppError(error));
        assert.equal(error.code, 'invalid_parameter');
        assert.match(error.message, /DATABASE_URL/);
        assert.doesNotMatch(error.message, /hunter2/);
        return true;
      },
    );
  });
});
