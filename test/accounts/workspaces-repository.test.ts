import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createWorkspacesRepository } from '../../src/accounts/workspaces-repository.js';
import { isAppError } from '../../src/errors/app-error.js';
import { createDatabase } from '../../src/storage/db/create-database.js';
import { migrateToLatest, type DatabaseHandle } from '../../src/storage/index.js';
import { makeTempDir, removeDir } from '../storage/temp-dir.js';

describe('createWorkspacesRepository', () => {
  let dir = '';
  let handle: DatabaseHandle;

  before(async () => {
    dir = await makeTempDir('workspaces');
    handle = createDatabase({ sqlitePath: join(dir, 'convertly.sqlite') });
    await migrateToLatest(handle.db, { dialect: handle.dialect });
  });
  after(async () => {
    await handle.destroy();
    await removeDir(dir);
  });

  it('ensureWorkspace creates once and returns the same workspace after', async () => {
    const workspaces = createWorkspacesRepository(handle.db);
    const first = await workspaces.ensureWorkspace('ws_once', 'Once');
    const again = await workspaces.ensureWorkspace('ws_once', 'Other name');
    assert.deepEqual(again, first);
    assert.equal(first.plan, 'free');
  });

  it('a workspace gone right after its insert is an AppError internal_error that says so', async () => {
    // Something else deletes it between the insert and the read (here: a trigger).
    await sql`create trigger vanish after insert on workspaces when new.id = 'ws_vanishing' begin delete from workspaces where id = new.id; end`.execute(handle.db);
    const workspaces = createWorkspacesRepository(handle.db);
    await assert.rejects(workspaces.ensureWorkspace('ws_vanishing', 'Gone'), (error: unknown) => {
      assert.ok(isAppError(error), String(error));
      assert.equal(error.code, 'internal_error');
      assert.match(error.message, /ws_vanishing.*vanished/);
      return true;
    });
  });
});
