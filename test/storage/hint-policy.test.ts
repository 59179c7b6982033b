// When a local miss asks the database's "was it ever charged?" hint beside the bucket: only while the
// database answers well before the bucket (the latencies are fed here, so nothing depends on the clock).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHintPolicy, type HintPolicy } from '../../src/storage/renditions/hint-policy.js';
import { askSharedTier } from '../../src/storage/renditions/ask-shared-tier.js';
import type { SharedTier } from '../../src/storage/renditions/shared-tier.js';

function feed(policy: HintPolicy, times: number, lookupMs: number, hintMs: number): void {
  for (let i = 0; i < times; i++) {
    policy.lookupTook(lookupMs);
    policy.hintTook(hintMs);
  }
}

function asks(policy: HintPolicy, misses: number): number {
  let asked = 0;
  for (let i = 0; i < misses; i++) if (policy.shouldAsk()) asked += 1;
  return asked;
}

describe('hint policy', () => {
  it('asks while it has too few samples to judge', () => {
    const policy = createHintPolicy({ warmup: 5 });
    feed(policy, 4, 3, 30);
    assert.equal(asks(policy, 10), 10);
  });

  it('keeps asking where the database answers well before the bucket (remote S3, PostgreSQL nearby)', () => {
    const policy = createHintPolicy();
    feed(policy, 10, 15, 1);
    assert.equal(asks(policy, 100), 100);
  });

  it('stops asking where both answer alike (a bucket on the same host), but for one probe in probeEvery', () => {
    const policy = createHintPolicy({ probeEvery: 32 });
    feed(policy, 10, 3.5, 3.2);
    assert.equal(asks(policy, 320), 10);
  });

  it('follows a change: the bucket moving away turns the hint back on', () => {
    const policy = createHintPolicy({ probeEvery: 4 });
    feed(policy, 10, 3, 3);
    assert.equal(policy.shouldAsk(), false);
    feed(policy, 10, 20, 1);
    assert.equal(asks(policy, 10), 10);
  });

  it('is not swayed by one slow bucket answer', () => {
    const policy = createHintPolicy();
    feed(policy, 10, 3, 3);
    policy.lookupTook(40);
    assert.equal(policy.shouldAsk(), false);
  });

  it('counts a failed bucket lookup as a lookup that took that long: a bucket that hangs until its timeout turns the hint back on', async () => {
    // A black-holed bucket fails each GET only after its connect timeout (seconds). Were those lookups not
    // counted, the policy would go on judging the bucket by its last fast answers and never ask the hint, so
    // every miss would wait out the timeout instead of rendering on the database's "never rendered".
    const lookups: number[] = [];
    const recording: HintPolicy = { shouldAsk: () => false, lookupTook: (ms) => lookups.push(ms), hintTook: () => {} };
    const down: SharedTier = {
      get: () => Promise.reject(new Error('connect ETIMEDOUT')),
      put: () => Promise.resolve(),
      deleteFile: () => Promise.resolve(),
    };
    const errors: unknown[] = [];
    const found = await askSharedTier(down, 'f_x/0/abc.jpeg', { hint: async () => 'never-rendered' }, (error) => errors.push(error), recording);
    assert.equal(found, null);
    assert.equal(errors.length, 1);
    assert.equal(lookups.length, 1);
  });
});
