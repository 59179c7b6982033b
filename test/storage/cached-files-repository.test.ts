import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createDatabase,
  createFilesRepository,
  ensureDefaultWorkspace,
  migrateToLatest,
  withFileCache,
  DEFAULT_WORKSPACE_ID,
  type DatabaseHandle,
  type FilesRepository,
} from '../../src/storage/index.js';
import { makeTempDir, removeDir } from './temp-dir.js';

// Two instances share one SQLite file: `mine` caches, `theirs` writes behind its back.
describe('withFileCache', () => {
  let dir: string;
  let database: DatabaseHandle;
  let clock = 1_000_000;
  let mine: FilesRepository;
  let theirs: FilesRepository;
  const ws = DEFAULT_WORKSPACE_ID;
  const newFile = { workspaceId: ws, name: 'a.jpg', format: 'jpeg', width: 10, height: 10, bytes: 1, blobKey: 'k' };

  before(async () => {
    dir = await makeTempDir('file-cache');
    database = createDatabase({ sqlitePath: join(dir, 'db.sqlite') });
    await migrateToLatest(database.db);
    await ensureDefaultWorkspace(database.db);
    mine = withFileCache(createFilesRepository(database.db), { ttlMs: 1000, now: () => clock });
    theirs = createFilesRepository(database.db);
  });
  after(async () => {
    await database.destroy();
    await removeDir(dir);
  });

  it("sees its own changes at once and another instance's within the TTL", async () => {
    const file = await mine.insertFile(newFile);
    assert.equal((await mine.getFile(ws, file.id))?.version, 1);
    await mine.setFocal(ws, file.id, { x: 0.1, y: 0.2 });
    assert.deepEqual((await mine.getFile(ws, file.id))?.focal, { x: 0.1, y: 0.2 }, 'own write: fresh at once');

    await theirs.setFocal(ws, file.id, { x: 0.9, y: 0.9 });
    assert.deepEqual((await mine.getFile(ws, file.id))?.focal, { x: 0.1, y: 0.2 }, 'their write: not yet seen');
    clock += 1001;
    assert.deepEqual((await mine.getFile(ws, file.id))?.focal, { x: 0.9, y: 0.9 }, 'their write: seen after the TTL');
  });

  it('a delete through the cache is seen at once; an unknown id is remembered only briefly', async () => {
    const file = await mine.insertFile(newFile);
    assert.ok(await mine.getFile(ws, file.id));
    await mine.deleteFile(ws, file.id);
    assert.equal(await mine.getFile(ws, file.id), null);
    const other = await theirs.insertFile(newFile);
    assert.equal(await mine.getFile(ws, 'f_00000000000000000000'), null);
    assert.ok(await mine.getFile(ws, other.id), 'a file inserted elsewhere and never asked for is found');
  });
});
