// rendition_charges as the shared tier's hint and the migration's record: wasCharged and recordCharged on a
// real SQLite file, beside spendOnce and refundOnce which write the same rows.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createUsageRepository, type UsageRepository } from '../../src/accounts/usage-repository.js';
import { createDatabase, type DatabaseHandle } from '../../src/storage/db/create-database.js';
import { migrateToLatest } from '../../src/storage/db/migrate-to-latest.js';
import { ensureDefaultWorkspace } from '../../src/storage/db/ensure-default-workspace.js';
import { makeTempDir, removeDir } from '../storage/temp-dir.js';

const once = (n: number) => ({ renditionKey: `f_charges000000000000/v0-${String(n).repeat(64).slice(0, 64)}.jpeg`, fileId: 'f_charges000000000000' });

describe('rendition charges: wasCharged and recordCharged', () => {
  let dir = '';
  let database: DatabaseHandle;
  let usage: UsageRepository;
  before(async () => {
    dir = await makeTempDir('charges');
    database = createDatabase({ sqlitePath: join(dir, 'db.sqlite') });
    await migrateToLatest(database.db);
    await ensureDefaultWorkspace(database.db);
    usage = createUsageRepository(database.counters);
  });
  after(async () => {
    await database.destroy();
    await removeDir(dir);
  });

  it('says charged after spendOnce, and no longer after its refund', async () => {
    assert.equal(await usage.wasCharged(once(1).renditionKey), false);
    assert.equal((await usage.spendOnce('ws_default', '2026-10', 10, once(1))).spent, true);
    assert.equal(await usage.wasCharged(once(1).renditionKey), true);
    assert.equal(await usage.wasCharged(once(2).renditionKey), false, 'another rendition');
    await usage.refundOnce('ws_default', '2026-10', once(1));
    assert.equal(await usage.wasCharged(once(1).renditionKey), false, 'a failed render leaves nothing to look for');
  });

  it('records nothing when the quota refuses', async () => {
    assert.equal((await usage.spendOnce('ws_default', '2026-09', 0, once(3))).spent, false);
    assert.equal(await usage.wasCharged(once(3).renditionKey), false);
  });

  it('recordCharged marks a rendition without spending, once, and a later spendOnce finds it paid', async () => {
    const at = new Date('2026-11-20T10:00:00Z');
    await usage.recordCharged('ws_default', '2026-11', once(4), at);
    await usage.recordCharged('ws_default', '2026-11', once(4), new Date());
    assert.equal(await usage.wasCharged(once(4).renditionKey), true);
    assert.equal(await usage.used('ws_default', '2026-11'), 0);
    const row = await database.counters.selectFrom('rendition_charges').selectAll().where('rendition_key', '=', once(4).renditionKey).execute();
    assert.deepEqual(row.map((r) => r.charged_at), [at.toISOString()], 'the first record stays');
    const later = await usage.spendOnce('ws_default', '2026-12', 10, once(4));
    assert.equal(later.alreadyCharged, true);
    assert.equal(await usage.used('ws_default', '2026-12'), 0);
  });
});
