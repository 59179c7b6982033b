// The change feed on PostgreSQL: what one instance changes reaches another's caches through LISTEN/NOTIFY,
// long before their TTL (set to a minute here, so only a notification can explain the drop).
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { after, before, describe, it } from 'node:test';
import { openChangeFeed, type Change, type ChangeFeed } from '../../src/storage/db/change-feed.js';
import { createDatabase, type DatabaseHandle } from '../../src/storage/db/create-database.js';
import { withFileCache } from '../../src/storage/files/cached-files-repository.js';
import { createFilesRepository } from '../../src/storage/files/files-repository.js';
import { createFileId } from '../../src/storage/files/file-id.js';
import { ensureDefaultWorkspace, DEFAULT_WORKSPACE_ID } from '../../src/storage/db/ensure-default-workspace.js';
import { createPostgresSchema } from '../accounts-http/helpers/postgres-schema.js';
import { eventually } from '../scale/deployment.js';

describe('openChangeFeed on PostgreSQL', () => {
  let schema: Awaited<ReturnType<typeof createPostgresSchema>>;
  const handles: DatabaseHandle[] = [];
  const feeds: ChangeFeed[] = [];
  const open = async () => {
    const handle = createDatabase({ databaseUrl: schema.databaseUrl, sqlitePath: 'unused.db' });
    handles.push(handle);
    const feed = await openChangeFeed(handle, { reconnectMs: 50 });
    feeds.push(feed);
    return { handle, feed };
  };
  before(async () => {
    schema = await createPostgresSchema();
  });
  after(async () => {
    for (const feed of feeds) await feed.close();
    for (const handle of handles) await handle.destroy();
    await schema.drop();
  });

  it('delivers another instance\'s changes, not its own', async () => {
    const one = await open();
    const two = await open();
    const heardByOne: Change[] = [];
    const heardByTwo: Change[] = [];
    one.feed.subscribe((change) => heardByOne.push(change));
    two.feed.subscribe((change) => heardByTwo.push(change));
    await one.feed.publish({ kind: 'key', hash: 'abc' });
    await eventually('two hears it', 1000, async () => heardByTwo.length === 1);
    assert.deepEqual(heardByTwo, [{ kind: 'key', hash: 'abc' }]);
    assert.deepEqual(heardByOne, []);
  });

  it('drops another instance\'s cached file at once on delete and focal change', async () => {
    const one = await open();
    const two = await open();
    await ensureDefaultWorkspace(one.handle.db);
    const filesOne = withFileCache(createFilesRepository(one.handle.db), { changes: one.feed, ttlMs: 60_000 });
    const filesTwo = withFileCache(createFilesRepository(two.handle.db), { changes: two.feed, ttlMs: 60_000 });
    const id = createFileId();
    await filesOne.insertFile({ id, workspaceId: DEFAULT_WORKSPACE_ID, name: 'x', format: 'jpeg', width: 10, height: 10, hasAlpha: false, bytes: 1, blobKey: `${DEFAULT_WORKSPACE_ID}/${id}` });
    assert.ok(await filesTwo.getFile(DEFAULT_WORKSPACE_ID, id));
    assert.ok(filesTwo.peekFile(DEFAULT_WORKSPACE_ID, id), 'two has it cached');
    await filesOne.setFocal(DEFAULT_WORKSPACE_ID, id, { x: 0.1, y: 0.2 });
    await eventually('two drops the old version', 1000, async () => filesTwo.peekFile(DEFAULT_WORKSPACE_ID, id) === undefined);
    assert.deepEqual((await filesTwo.getFile(DEFAULT_WORKSPACE_ID, id))?.focal, { x: 0.1, y: 0.2 });
    await filesOne.deleteFile(DEFAULT_WORKSPACE_ID, id);
    await eventually('two drops the deleted file', 1000, async () => filesTwo.peekFile(DEFAULT_WORKSPACE_ID, id) === undefined);
    assert.equal(await filesTwo.getFile(DEFAULT_WORKSPACE_ID, id), null);
  });

  it('tells its listeners to forget everything when its connection drops, and listens again', async () => {
    const one = await open();
    const two = await open();
    const heard: Change[] = [];
    two.feed.subscribe((change) => heard.push(change));
    // Cut two's listening connection from the server side, as a PostgreSQL restart or failover would.
    const listening = `LISTEN "convertly_${schema.schema}"`;
    const { rows } = await sql<{ killed: boolean }>`select pg_terminate_backend(pid) as killed from pg_stat_activity where query = ${listening}`.execute(one.handle.db);
    assert.ok(rows.length >= 2, 'both feeds were listening');
    await eventually('two hears a reset', 2000, async () => heard.some((change) => change.kind === 'reset'));
    heard.length = 0;
    await eventually('two hears changes again', 3000, async () => {
      await one.feed.publish({ kind: 'secrets', workspaceId: 'ws_x' });
      return heard.some((change) => change.kind === 'secrets');
    });
  });
});
