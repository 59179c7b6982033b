import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSharedLoginRateLimiter } from '../../src/accounts/shared-login-rate-limit.js';
import { createDatabase, type DatabaseHandle } from '../../src/storage/db/create-database.js';
import { migrateToLatest } from '../../src/storage/db/migrate-to-latest.js';
import { makeTempDir, removeDir } from '../storage/temp-dir.js';

describe('createSharedLoginRateLimiter (login_attempts)', () => {
  let dir = '';
  let database: DatabaseHandle;
  let second: DatabaseHandle;
  before(async () => {
    dir = await makeTempDir('login-limits');
    database = createDatabase({ sqlitePath: join(dir, 'db.sqlite') });
    await migrateToLatest(database.db);
    // A second connection to the same file: another instance's view of the same database.
    second = createDatabase({ sqlitePath: join(dir, 'db.sqlite') });
  });
  after(async () => {
    await database.destroy();
    await second.destroy();
    await removeDir(dir);
  });

  it('counts failures made through every instance against one limit', async () => {
    const one = createSharedLoginRateLimiter(database.db, 'account', { maxFailures: 3, windowSeconds: 600 });
    const two = createSharedLoginRateLimiter(second.db, 'account', { maxFailures: 3, windowSeconds: 600 });
    const t0 = 1_000_000;
    for (const [limiter, at] of [[one, t0], [two, t0 + 1000], [one, t0 + 2000]] as const) {
      assert.equal((await limiter.check('account:a@x', at)).allowed, true);
      await (await limiter.begin('account:a@x', at)).fail();
    }
    const refused = await two.check('account:a@x', t0 + 3000);
    assert.equal(refused.allowed, false);
    // Free again when the first failure leaves the 600 s window: 597 s from t0 + 3 s.
    assert.equal(refused.retryAfterSeconds, 597);
    assert.equal((await one.check('account:a@x', t0 + 600_001)).allowed, true);
    assert.equal((await one.check('account:other@x', t0 + 3000)).allowed, true, 'other keys are unaffected');
  });

  it('counts an attempt in flight until it is settled, and forgets it when released', async () => {
    const limiter = createSharedLoginRateLimiter(database.db, 'address', { maxFailures: 2, windowSeconds: 60 });
    const first = await limiter.begin('address:1.2.3.4', 10_000);
    const secondAttempt = await limiter.begin('address:1.2.3.4', 10_001);
    assert.equal((await limiter.check('address:1.2.3.4', 10_002)).allowed, false, 'two in flight fill the limit');
    await first.release();
    await secondAttempt.release();
    assert.equal((await limiter.check('address:1.2.3.4', 10_003)).allowed, true);
  });

  it('keeps limiters apart and resets one key', async () => {
    const accounts = createSharedLoginRateLimiter(database.db, 'account', { maxFailures: 1 });
    const addresses = createSharedLoginRateLimiter(database.db, 'address', { maxFailures: 1 });
    await (await accounts.begin('k', 5_000)).fail();
    assert.equal((await accounts.check('k', 5_001)).allowed, false);
    assert.equal((await addresses.check('k', 5_001)).allowed, true);
    await accounts.reset('k');
    assert.equal((await accounts.check('k', 5_002)).allowed, true);
  });

  it('refuses bad tunables as programming errors', () => {
    assert.throws(() => createSharedLoginRateLimiter(database.db, 'account', { maxFailures: 0 }), /maxFailures/);
    assert.throws(() => createSharedLoginRateLimiter(database.db, 'account', { windowSeconds: 1.5 }), /windowSeconds/);
  });
});
