import { invalidOption } from '../errors/app-error.js';
import { isIntegerInRange, isPositiveInteger } from './is.js';

/** Runs at most `limit` tasks at once; the rest wait their turn, first come first served. */
export interface Semaphore {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly waiting: number;
}

export interface SemaphoreOptions {
  readonly limit: number;
  /** At most this many tasks wait (unbounded when absent); `run` rejects with `full()` beyond that. */
  readonly maxWaiting?: number;
  /** The error a task gets when the queue is full. */
  readonly full?: () => Error;
}

/**
 * Creates a counting semaphore, with an optional bound on its queue.
 * @throws Error when `limit` is not a positive integer or `maxWaiting` not a non-negative one (a programming error).
 */
export function createSemaphore(options: SemaphoreOptions): Semaphore {
  const { limit, maxWaiting = Number.POSITIVE_INFINITY } = options;
  if (!isPositiveInteger(limit)) throw invalidOption('limit', 'a positive integer', limit);
  if (maxWaiting !== Number.POSITIVE_INFINITY && !isIntegerInRange(maxWaiting, 0, Number.MAX_SAFE_INTEGER)) {
    throw invalidOption('maxWaiting', 'a non-negative integer', maxWaiting);
  }
  const full = options.full ?? (() => new Error('The semaphore queue is full'));
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
      else if (queue.length >= maxWaiting) throw full();
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
