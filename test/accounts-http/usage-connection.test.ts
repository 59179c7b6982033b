// Usage counters go through the database's counters connection (synchronous=NORMAL on SQLite, so a
// charged miss does not fsync on the event loop), while users, keys and files stay on the main one.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { currentPeriod } from '../../src/accounts/plans.js';
import { createWorkspaceFixture, startAccountsServer, type AccountsServer } from './helpers/accounts-server.js';

describe('usage counters connection', () => {
  let server: AccountsServer;

  before(async () => {
    server = await startAccountsServer({ workerThreads: 0 });
    await createWorkspaceFixture(server, 'ws_counters');
  });
  after(async () => {
    await server.close();
  });

  it('spends through the counters connection and nothing else does', async () => {
    const { accounts } = server.access;
    const period = currentPeriod(accounts.now()).key;
    assert.equal((await accounts.usage.spend('ws_counters', period, 5)).spent, true);
    assert.notEqual(server.services.database.counters, server.services.database.db);
    // With only the counters connection closed, spending fails and everything else still works.
    await server.services.database.counters.destroy();
    await assert.rejects(accounts.usage.spend('ws_counters', period, 5));
    assert.ok((await accounts.users.countUsers()) >= 1);
    const used = await server.services.database.db.selectFrom('usage').select('used').where('workspace_id', '=', 'ws_counters').executeTakeFirstOrThrow();
    assert.equal(Number(used.used), 1, 'the spend made before is on disk, seen from the main connection');
  });
});
