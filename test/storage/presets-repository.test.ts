// The presets repository on both databases: create, replace (keeping createdAt), list by name, delete, and
// every read scoped to its workspace. PostgreSQL runs in a fresh schema (127.0.0.1:5432, as the other suites).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createDatabase, DEFAULT_WORKSPACE_ID, ensureDefaultWorkspace, migrateToLatest, type DatabaseHandle } from '../../src/storage/index.js';
import { createPresetsRepository } from '../../src/storage/presets/presets-repository.js';
import { createPostgresSchema } from '../accounts-http/helpers/postgres-schema.js';
import { makeTempDir, removeDir } from './temp-dir.js';

async function exercise(handle: DatabaseHandle): Promise<void> {
  await ensureDefaultWorkspace(handle.db);
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const presets = createPresetsRepository(handle.db, { now: () => new Date((clock += 1000)) });
  const first = await presets.savePreset(DEFAULT_WORKSPACE_ID, 'thumb', { w: '100', h: '100' });
  assert.equal(first.created, true);
  const replaced = await presets.savePreset(DEFAULT_WORKSPACE_ID, 'thumb', { w: '200', gravity: 'face' });
  assert.equal(replaced.created, false);
  assert.deepEqual(replaced.preset.params, { w: '200', gravity: 'face' });
  assert.equal(replaced.preset.createdAt, first.preset.createdAt);
  assert.ok(replaced.preset.updatedAt > first.preset.updatedAt);
  await presets.savePreset(DEFAULT_WORKSPACE_ID, 'a_first', { f: 'png' });
  assert.deepEqual((await presets.listPresets(DEFAULT_WORKSPACE_ID)).map((preset) => preset.name), ['a_first', 'thumb']);
  assert.deepEqual((await presets.getPreset(DEFAULT_WORKSPACE_ID, 'thumb'))?.params, { w: '200', gravity: 'face' });
  assert.equal(await presets.getPreset('ws_other', 'thumb'), null);
  assert.deepEqual(await presets.listPresets('ws_other'), []);
  assert.equal(await presets.deletePreset('ws_other', 'thumb'), null);
  assert.equal((await presets.deletePreset(DEFAULT_WORKSPACE_ID, 'thumb'))?.name, 'thumb');
  assert.equal(await presets.getPreset(DEFAULT_WORKSPACE_ID, 'thumb'), null);
}

describe('presets repository', () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('works on SQLite', async () => {
    const dir = await makeTempDir('presets');
    cleanups.push(() => removeDir(dir));
    const handle = createDatabase({ sqlitePath: join(dir, 'db.sqlite') });
    cleanups.push(() => handle.destroy());
    await migrateToLatest(handle.db);
    await exercise(handle);
  });

  it('works on PostgreSQL', async () => {
    const schema = await createPostgresSchema();
    cleanups.push(() => schema.drop());
    const handle = createDatabase({ databaseUrl: schema.databaseUrl, sqlitePath: 'unused.db' });
    cleanups.push(() => handle.destroy());
    await exercise(handle);
  });
});
