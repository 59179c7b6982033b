// THE spend proof (issue 5): 50 concurrent analyze calls at a workspace with 10 operations left →
// exactly 10 succeed, 40 are 429, and the counter ends exactly at the limit. Over a real socket,
// on SQLite and on PostgreSQL (a fresh schema per run).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FileRecord } from '../../src/storage/index.js';
import {
  createWorkspaceFixture,
  readUsed,
  setUsed,
  startAccountsServer,
  storeSample,
  type AccountsServer,
  type WorkspaceFixture,
} from './helpers/accounts-server.js';

const LIMIT = 1000;
const LEFT = 10;
const CALLS = 50;

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`atomic quota spend on ${dialect}`, () => {
    let server: AccountsServer;
    let a: WorkspaceFixture;
    let file: FileRecord;

    before(async () => {
      server = await startAccountsServer({ dialect, listen: true, env: { QUOTA_FREE: String(LIMIT), QUOTA_STARTER: String(LEFT) } });
      assert.equal(server.services.database.dialect, dialect);
      a = await createWorkspaceFixture(server, 'ws_race');
      file = await storeSample(server, a.id, 2);
    });
    after(() => server.close());

    it(`${CALLS} concurrent analyze calls with ${LEFT} operations left: exactly ${LEFT} succeed`, async () => {
      await setUsed(server, a.id, LIMIT - LEFT);
      const responses = await Promise.all(
        Array.from({ length: CALLS }, () =>
          fetch(`${server.url}/api/images/analyze`, {
            method: 'POST',
            headers: { ...a.bearer, 'content-type': 'application/json' },
            body: JSON.stringify({ fileId: file.id }),
          }).then(async (response) => ({ status: response.status, body: (await response.json()) as { error?: { code: string } }, remaining: response.headers.get('x-quota-remaining') })),
        ),
      );
      const ok = responses.filter((response) => response.status === 200);
      const refused = responses.filter((response) => response.status === 429);
      assert.equal(ok.length, LEFT, JSON.stringify(responses.map((response) => response.status)));
      assert.equal(refused.length, CALLS - LEFT);
      assert.ok(refused.every((response) => response.body.error?.code === 'quota_exceeded' && response.remaining === '0'));
      // Every success reports a distinct remaining count: each one took its own operation.
      assert.deepEqual(ok.map((response) => Number(response.remaining)).sort((x, y) => x - y), Array.from({ length: LEFT }, (_, i) => i));
      assert.equal(await readUsed(server, a.id), LIMIT);
    });

    it(`${CALLS} concurrent spends on the first day of a month (no counter row yet) stop at the limit too`, async () => {
      const b = await createWorkspaceFixture(server, 'ws_race_new');
      await server.access.accounts.workspaces.setPlan(b.id, 'starter');
      const spends = await Promise.all(Array.from({ length: CALLS }, () => server.access.quotaService.spend(b.id)));
      assert.equal(spends.filter((spend) => spend.spent).length, LEFT);
      assert.equal(await readUsed(server, b.id), LEFT);
    });
  });
}
