import { AppError } from '../errors/app-error.js';
import { createSemaphore, type Semaphore } from '../shared/semaphore.js';

/**
 * Bounds the renders and analyses in flight: each holds a decoded original in memory, so an
 * unbounded burst of distinct cache misses would exhaust memory long before the quota bites.
 * A full queue is a 503 service_unavailable the client may retry, not a slow death.
 */
export function createWorkLimiter(options: { concurrency: number; maxQueue: number }): Semaphore {
  return createSemaphore({
    limit: options.concurrency,
    maxWaiting: options.maxQueue,
    full: () => new AppError('service_unavailable', 'The server is busy rendering; retry in a moment', { details: { retryAfterSeconds: 1 } }),
  });
}
