import { AppError } from '../errors/app-error.js';

/** Runs at most `limit` tasks at once; the rest wait their turn, first come first served. */
export interface Semaphore {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly waiting: number;
}

/**
 * Creates a counting semaphore.
 * @throws AppError invalid_parameter when `limit` is not a positive integer.
 */
export function createSemaphore(limit: number): Semaphore {
  if (!Number.isSafeInteger(limit) || limit <= 0) {
    throw new AppError('invalid_parameter', `Expected a positive integer for limit but received ${String(limit)}`, {
      details: { parameter: 'limit' },
    });
  }
  let active = 0;
  const queue: Array<() => void> = [];

  const release = (): void => {
    const next = queue.shift();
    // The slot passes straight to the next waiter, so a newcomer cannot overtake the queue.
    if (next !== undefined) next();
    else active -= 1;
  };

  return {
    async run(task) {
      if (active < limit) active += 1;
      else await new Promise<void>((resolve) => queue.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}
