import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../src/errors/app-error.js';
import { createWorkLimiter } from '../../src/services/work-limiter.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('createWorkLimiter', () => {
  it('runs at most `concurrency` jobs at once and the rest in arrival order', async () => {
    const limiter = createWorkLimiter({ concurrency: 2, maxQueue: 10 });
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const jobs = gates.map((gate, i) => limiter.run(async () => {
      started.push(i);
      await gate.promise;
      return i;
    }));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, [0, 1]);
    assert.deepEqual([limiter.active, limiter.queued], [2, 2]);
    gates[1]!.resolve();
    await jobs[1];
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, [0, 1, 2]);
    for (const gate of gates) gate.resolve();
    assert.deepEqual(await Promise.all(jobs), [0, 1, 2, 3]);
    assert.deepEqual([limiter.active, limiter.queued], [0, 0]);
  });

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
