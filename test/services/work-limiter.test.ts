import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../src/errors/app-error.js';
import { createWorkLimiter } from '../../src/services/work-limiter.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

// The queueing itself is shared/semaphore.ts's, tested in test/shared/semaphore.test.ts.
describe('createWorkLimiter', () => {
  it('refuses with 503 service_unavailable once the queue is full, and a failed job frees its slot', async () => {
    const limiter = createWorkLimiter({ concurrency: 1, maxQueue: 1 });
    const gate = deferred();
    const first = limiter.run(() => gate.promise);
    const second = limiter.run(async () => 'second');
    await assert.rejects(limiter.run(async () => 'third'), (error: unknown) => error instanceof AppError && error.status === 503 && error.code === 'service_unavailable');
    gate.resolve();
    await first;
    assert.equal(await second, 'second');
    await assert.rejects(limiter.run(async () => { throw new Error('boom'); }), /boom/);
    assert.equal(await limiter.run(async () => 'after'), 'after');
    assert.equal(limiter.active, 0);
  });
});
