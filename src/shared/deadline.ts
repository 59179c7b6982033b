/**
 * A point in time a piece of work must finish by. Long work checks it between its phases and races
 * what it waits for against it, so one hostile request cannot hold a worker slot (and everyone
 * queued behind it) for longer than the deadline; libvips' own pipelines get `sharpSeconds()`.
 */
export interface Deadline {
  /** Milliseconds left (negative once passed). */
  remainingMs(): number;
  /** Throws the deadline's error once it has passed. */
  check(): void;
  /** Whole seconds for sharp's `timeout()`, at least 1 (sharp counts whole seconds; 0 would mean none). */
  sharpSeconds(): number;
  /** Settles like `work`, or rejects with the deadline's error when it passes first (`work` itself is not stopped). */
  race<T>(work: Promise<T>): Promise<T>;
}

/** A deadline `timeoutMs` from now; `expired` builds the error thrown when it passes. */
export function createDeadline(timeoutMs: number, expired: () => Error, now: () => number = () => performance.now()): Deadline {
  const end = now() + timeoutMs;
  const remainingMs = () => end - now();
  const check = () => {
    if (remainingMs() <= 0) throw expired();
  };
  return {
    remainingMs,
    check,
    sharpSeconds: () => Math.max(1, Math.ceil(remainingMs() / 1000)),
    race<T>(work: Promise<T>): Promise<T> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(expired()), Math.max(0, remainingMs()));
      });
      return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
    },
  };
}
