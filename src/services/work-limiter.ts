import { AppError } from '../errors/app-error.js';

/** Runs at most `concurrency` jobs at once, queues up to `maxQueue` more, refuses the rest. */
export interface WorkLimiter {
  run<T>(work: () => Promise<T>): Promise<T>;
  readonly active: number;
  readonly queued: number;
}

/**
 * Bounds the renders and analyses in flight: each holds a decoded original in memory, so an
 * unbounded burst of distinct cache misses would exhaust memory long before the quota bites.
 * A full queue is a 503 service_unavailable the client may retry, not a slow death.
 */
export function createWorkLimiter(options: { concurrency: number; maxQueue: number }): WorkLimiter {
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return {
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (active < options.concurrency) {
        active++;
      } else {
        if (waiting.length >= options.maxQueue) {
          throw new AppError('service_unavailable', 'The server is busy rendering; retry in a moment', { details: { retryAfterSeconds: 1 } });
        }
        // The slot passes straight from the finishing job to this one, so `active` stays put.
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
      try {
        return await work();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get queued() {
      return waiting.length;
    },
  };
}
