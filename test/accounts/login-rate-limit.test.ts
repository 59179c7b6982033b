import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLoginRateLimiter, DEFAULT_LOGIN_RATE_LIMIT } from '../../src/accounts/login-rate-limit.js';
import { isAppError } from '../../src/errors/app-error.js';

const MINUTE = 60_000;
const T0 = 1_700_000_000_000;

describe('createLoginRateLimiter', () => {
  it('allows up to maxFailures failures in the window, then blocks with a retry time', () => {
    const limiter = createLoginRateLimiter({ maxFailures: 3, windowSeconds: 600 });
    for (let i = 0; i < 3; i += 1) {
      assert.deepEqual(limiter.check('account:a@b.test', T0 + i * MINUTE), { allowed: true, retryAfterSeconds: 0 });
      limiter.recordFailure('account:a@b.test', T0 + i * MINUTE);
    }
    // Oldest counted failure was at T0; it leaves the 10-minute window at T0 + 10 min.
    assert.deepEqual(limiter.check('account:a@b.test', T0 + 3 * MINUTE), { allowed: false, retryAfterSeconds: 420 });
    assert.deepEqual(limiter.check('account:a@b.test', T0 + 10 * MINUTE - 1), { allowed: false, retryAfterSeconds: 1 });
    assert.equal(limiter.check('account:a@b.test', T0 + 10 * MINUTE).allowed, true);
  });

  it('slides: old failures stop counting one by one', () => {
    const limiter = createLoginRateLimiter({ maxFailures: 2, windowSeconds: 60 });
    limiter.recordFailure('k', T0);
    limiter.recordFailure('k', T0 + 30_000);
    assert.equal(limiter.check('k', T0 + 59_000).allowed, false);
    assert.equal(limiter.check('k', T0 + 60_000).allowed, true);
    limiter.recordFailure('k', T0 + 60_000);
    assert.deepEqual(limiter.check('k', T0 + 61_000), { allowed: false, retryAfterSeconds: 29 });
  });

  it('keeps keys apart and forgets a key on reset', () => {
    const limiter = createLoginRateLimiter({ maxFailures: 1, windowSeconds: 60 });
    limiter.recordFailure('address:203.0.113.7', T0);
    assert.equal(limiter.check('address:203.0.113.7', T0).allowed, false);
    assert.equal(limiter.check('address:203.0.113.8', T0).allowed, true);
    assert.equal(limiter.check('account:203.0.113.7', T0).allowed, true);
    limiter.reset('address:203.0.113.7');
    assert.equal(limiter.check('address:203.0.113.7', T0).allowed, true);
    assert.equal(limiter.size, 0);
  });

  it('uses the injected clock when no time is passed', () => {
    let now = T0;
    const limiter = createLoginRateLimiter({ maxFailures: 1, windowSeconds: 60, clock: () => now });
    limiter.recordFailure('k');
    assert.equal(limiter.check('k').allowed, false);
    now += 60_000;
    assert.equal(limiter.check('k').allowed, true);
  });

  it('never stores more than maxKeys keys, forgetting the least recently failed first', () => {
    const limiter = createLoginRateLimiter({ maxFailures: 1, windowSeconds: 3600, maxKeys: 100 });
    for (let i = 0; i < 10_000; i += 1) limiter.recordFailure(`address:${i}`, T0 + i);
    assert.equal(limiter.size, 100);
    assert.equal(limiter.check('address:9999', T0 + 10_000).allowed, false);
    assert.equal(limiter.check('address:0', T0 + 10_000).allowed, true);
  });

  it('drops expired keys as new failures arrive, long before the cap', () => {
    const limiter = createLoginRateLimiter({ maxFailures: 5, windowSeconds: 60, maxKeys: 1000 });
    for (let i = 0; i < 50; i += 1) limiter.recordFailure(`k${i}`, T0);
    limiter.recordFailure('late', T0 + 61_000);
    assert.equal(limiter.size, 1);
  });

  it('keeps at most maxFailures timestamps per key', () => {
    const limiter = createLoginRateLimiter({ maxFailures: 3, windowSeconds: 60 });
    for (let i = 0; i < 1000; i += 1) limiter.recordFailure('k', T0 + i);
    // Had all 1000 been kept, the oldest (T0) would set the retry; only the newest 3 count.
    assert.deepEqual(limiter.check('k', T0 + 1000), { allowed: false, retryAfterSeconds: 60 });
  });

  it('has OWASP-like defaults and refuses nonsense tunables', () => {
    assert.deepEqual({ ...DEFAULT_LOGIN_RATE_LIMIT }, { maxFailures: 5, windowSeconds: 900, maxKeys: 10_000 });
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      for (const name of ['maxFailures', 'windowSeconds', 'maxKeys'] as const) {
        assert.throws(
          () => createLoginRateLimiter({ [name]: bad }),
          (error: unknown) => !isAppError(error) && (error as Error).message.startsWith(`Expected a positive integer for ${name} but received`),
        );
      }
    }
  });

  it('counts attempts in flight: a burst cannot pass check() before the first ones are settled', () => {
    const limiter = createLoginRateLimiter({ maxFailures: 3, windowSeconds: 600 });
    const admitted = [];
    for (let i = 0; i < 10; i += 1) {
      if (limiter.check('k', T0).allowed) admitted.push(limiter.begin('k', T0));
    }
    assert.equal(admitted.length, 3);
    // Blocked as if the attempts in flight had failed: until they would leave the window.
    assert.deepEqual(limiter.check('k', T0 + MINUTE), { allowed: false, retryAfterSeconds: 540 });
    for (const attempt of admitted) attempt.fail();
    assert.deepEqual(limiter.check('k', T0 + MINUTE), { allowed: false, retryAfterSeconds: 540 });
    assert.equal(limiter.check('k', T0 + 10 * MINUTE).allowed, true);
  });

  it('a released attempt stops counting; settling twice changes nothing', () => {
    const limiter = createLoginRateLimiter({ maxFailures: 2, windowSeconds: 600 });
    const first = limiter.begin('k', T0);
    const second = limiter.begin('k', T0);
    assert.equal(limiter.check('k', T0).allowed, false);
    assert.equal(limiter.size, 1);
    first.release();
    first.fail();
    assert.equal(limiter.check('k', T0).allowed, true);
    second.fail();
    second.fail();
    assert.equal(limiter.check('k', T0).allowed, true, 'one failure of two allowed');
    limiter.recordFailure('k', T0 + 1);
    assert.equal(limiter.check('k', T0 + 2).allowed, false);
    limiter.reset('k');
    assert.equal(limiter.size, 0);
  });

  it('reset() keeps attempts still in flight counted', () => {
    const limiter = createLoginRateLimiter({ maxFailures: 1, windowSeconds: 60 });
    const attempt = limiter.begin('k', T0);
    limiter.reset('k');
    assert.equal(limiter.check('k', T0).allowed, false);
    attempt.release();
    assert.equal(limiter.check('k', T0).allowed, true);
    assert.equal(limiter.size, 0);
  });

  it('a failure settled late is stamped when its attempt began', () => {
    const limiter = createLoginRateLimiter({ maxFailures: 2, windowSeconds: 60 });
    const early = limiter.begin('k', T0);
    limiter.recordFailure('k', T0 + 30_000);
    early.fail();
    // The early one leaves the window first (T0 + 60 s), not the later one.
    assert.deepEqual(limiter.check('k', T0 + 40_000), { allowed: false, retryAfterSeconds: 20 });
  });
});
