import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSemaphore } from '../../src/shared/semaphore.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('createSemaphore', () => {
  it('runs at most `limit` tasks at once, the rest in arrival order', async () => {
    const semaphore = createSemaphore({ limit: 2 });
    const gates: Array<() => void> = [];
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const runs = Array.from({ length: 6 }, (_, i) =>
      semaphore.run(async () => {
        started.push(i);
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running -= 1;
        return i * 10;
      }),
    );
    await tick();
    assert.deepEqual(started, [0, 1]);
    assert.equal(semaphore.active, 2);
    assert.equal(semaphore.waiting, 4);
    while (started.length < 6 || gates.length > 0) {
      gates.shift()?.();
      await tick();
    }
    assert.deepEqual(await Promise.all(runs), [0, 10, 20, 30, 40, 50]);
    assert.deepEqual(started, [0, 1, 2, 3, 4, 5]);
    assert.equal(most, 2);
    assert.equal(semaphore.active, 0);
    assert.equal(semaphore.waiting, 0);
  });

  it('frees the slot when a task fails', async () => {
    const semaphore = createSemaphore({ limit: 1 });
    await assert.rejects(semaphore.run(async () => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(await semaphore.run(async () => 'next'), 'next');
    assert.equal(semaphore.active, 0);
  });

  it('rejects with `full()` once maxWaiting tasks wait, and serves the queue after', async () => {
    const semaphore = createSemaphore({ limit: 1, maxWaiting: 1, full: () => new Error('queue full') });
    let open!: () => void;
    const first = semaphore.run(() => new Promise<void>((resolve) => (open = resolve)));
    const second = semaphore.run(async () => 'second');
    await assert.rejects(semaphore.run(async () => 'third'), /queue full/);
    open();
    await first;
    assert.equal(await second, 'second');
    assert.deepEqual([semaphore.active, semaphore.waiting], [0, 0]);
  });

  it('refuses a bad limit or queue bound as a programming error', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => createSemaphore({ limit: bad }), /^Error: Expected a positive integer for limit/);
    }
    assert.throws(() => createSemaphore({ limit: 1, maxWaiting: -1 }), /^Error: Expected a non-negative integer for maxWaiting/);
  });
});
