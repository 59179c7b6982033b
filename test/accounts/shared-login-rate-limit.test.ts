import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSharedLoginRateLimiter } from '../../src/accounts/shared-login-rate-limit.js';
import { createDatabase, type DatabaseHandle } from '../../src/storage/db/create-database.js';
import { createPostgresSchema } from '../accounts-http/helpers/postgres-schema.js';
import { migrateToLatest } from '../../src/storage/db/migrate-to-latest.js';
import { makeTempDir, removeDir } from '../storage/temp-dir.js';

describe('createSharedLoginRateLimiter (login_attempts, SQLite)', () => {
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
    const one = createSharedLoginRateLimiter(database, 'account', { maxFailures: 3, windowSeconds: 600 });
    const two = createSharedLoginRateLimiter(second, 'account', { maxFailures: 3, windowSeconds: 600 });
    const t0 = 1_000_000;
    for (const [limiter, at] of [[one, t0], [two, t0 + 1000], [one, t0 + 2000]] as const) {
      const admitted = await limiter.admit('account:a@x', at);
      assert.equal(admitted.allowed, true);
      await admitted.attempt?.fail();
    }
    const refused = await two.check('account:a@x', t0 + 3000);
    assert.equal(refused.allowed, false);
    // Free again when the first failure leaves the 600 s window: 597 s from t0 + 3 s.
    assert.equal(refused.retryAfterSeconds, 597);
    assert.equal((await one.check('account:a@x', t0 + 600_001)).allowed, true);
    assert.equal((await one.check('account:other@x', t0 + 3000)).allowed, true, 'other keys are unaffected');
  });

  it('counts an attempt in flight until it is settled, and forgets it when released', async () => {
    const limiter = createSharedLoginRateLimiter(database, 'address', { maxFailures: 2, windowSeconds: 60 });
    const first = (await limiter.admit('address:1.2.3.4', 10_000)).attempt;
    const secondAttempt = (await limiter.admit('address:1.2.3.4', 10_001)).attempt;
    assert.ok(first !== null && secondAttempt !== null);
    assert.equal((await limiter.check('address:1.2.3.4', 10_002)).allowed, false, 'two in flight fill the limit');
    await first.release();
    await secondAttempt.release();
    assert.equal((await limiter.check('address:1.2.3.4', 10_003)).allowed, true);
  });

  it('keeps limiters apart and resets one key', async () => {
    const accounts = createSharedLoginRateLimiter(database, 'account', { maxFailures: 1 });
    const addresses = createSharedLoginRateLimiter(database, 'address', { maxFailures: 1 });
    const admitted = await accounts.admit('k', 5_000);
    assert.ok(admitted.attempt !== null);
    await admitted.attempt.fail();
    assert.equal((await accounts.check('k', 5_001)).allowed, false);
    assert.equal((await addresses.check('k', 5_001)).allowed, true);
    await accounts.reset('k');
    assert.equal((await accounts.check('k', 5_002)).allowed, true);
  });

  it('admit decides and records as one step, and records nothing when it refuses', async () => {
    const limiter = createSharedLoginRateLimiter(database, 'account', { maxFailures: 2, windowSeconds: 60 });
    const first = await limiter.admit('admit:a', 20_000);
    const second = await limiter.admit('admit:a', 20_001);
    assert.ok(first.allowed && first.attempt !== null && second.allowed && second.attempt !== null);
    const refused = await limiter.admit('admit:a', 20_002);
    assert.deepEqual({ allowed: refused.allowed, attempt: refused.attempt, retryAfterSeconds: refused.retryAfterSeconds }, { allowed: false, attempt: null, retryAfterSeconds: 60 });
    await first.attempt.release();
    // The refusal left no row behind: one slot is free again after one release.
    const third = await limiter.admit('admit:a', 20_003);
    assert.equal(third.allowed, true);
    await second.attempt.fail();
    assert.equal((await limiter.admit('admit:a', 20_004)).allowed, false, 'a failure and an attempt in flight fill it');
    assert.equal((await limiter.admit('admit:a', 80_001)).allowed, true, 'the failure left the window 60 s after it began');
  });

  it('admits no more than the limit when guesses race through two connections', async () => {
    const limiters = [database, second].map((handle) => createSharedLoginRateLimiter(handle, 'account', { maxFailures: 3, windowSeconds: 600 }));
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => limiters[i % 2]!.admit('race:sqlite', 30_000 + i)));
    assert.equal(answers.filter((answer) => answer.allowed).length, 3);
  });

  it('refuses bad tunables as programming errors', () => {
    assert.throws(() => createSharedLoginRateLimiter(database, 'account', { maxFailures: 0 }), /maxFailures/);
    assert.throws(() => createSharedLoginRateLimiter(database, 'account', { windowSeconds: 1.5 }), /windowSeconds/);
  });
});

describe('createSharedLoginRateLimiter on PostgreSQL: racing instances', () => {
  let schema: Awaited<ReturnType<typeof createPostgresSchema>>;
  const handles: DatabaseHandle[] = [];
  before(async () => {
    schema = await createPostgresSchema();
    // Three pools on one schema: three instances, each with several connections.
    for (let i = 0; i < 3; i++) handles.push(createDatabase({ databaseUrl: schema.databaseUrl, sqlitePath: 'unused.db' }));
  });
  after(async () => {
    await Promise.all(handles.map((handle) => handle.destroy()));
    await schema?.drop();
  });

  it('admits exactly the limit out of 30 simultaneous guesses, and the rest are refused with a wait', async () => {
    const limiters = handles.map((handle) => createSharedLoginRateLimiter(handle, 'account', { maxFailures: 5, windowSeconds: 900 }));
    const now = Date.now();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => limiters[i % 3]!.admit('account:victim@x', now)));
    const admitted = answers.filter((answer) => answer.allowed);
    assert.equal(admitted.length, 5);
    assert.ok(answers.filter((answer) => !answer.allowed).every((answer) => answer.attempt === null && answer.retryAfterSeconds === 900));
    await Promise.all(admitted.map((answer) => answer.attempt?.fail()));
    assert.equal((await limiters[0]!.check('account:victim@x', now + 1)).allowed, false);
    assert.equal((await limiters[1]!.admit('account:other@x', now)).allowed, true, 'other keys are unaffected');
  });

  it('frees the slots of released attempts for every instance', async () => {
    const limiters = handles.map((handle) => createSharedLoginRateLimiter(handle, 'address', { maxFailures: 2, windowSeconds: 60 }));
    const now = Date.now();
    const [one, two] = await Promise.all([limiters[0]!.admit('address:198.51.100.1', now), limiters[1]!.admit('address:198.51.100.1', now)]);
    assert.equal((await limiters[2]!.admit('address:198.51.100.1', now)).allowed, false);
    await one?.attempt?.release();
    await two?.attempt?.release();
    assert.equal((await limiters[2]!.admit('address:198.51.100.1', now)).allowed, true);
  });
});
