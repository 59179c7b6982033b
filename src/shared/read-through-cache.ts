import { AppError } from '../errors/app-error.js';

/** A cached answer; `value` may itself be `null` (a remembered "no such key"). */
export interface CacheHit<V> {
  readonly value: V;
}

/** A small in-process cache whose entries expire after a fixed time, bounded in size. */
export interface TtlCache<V> {
  /** The live entry, or `undefined` on a miss or after expiry. */
  get(key: string): CacheHit<V> | undefined;
  set(key: string, value: V): void;
  delete(key: string): void;
  clear(): void;
  readonly size: number;
}

/** Tunables of {@link createTtlCache}. */
export interface TtlCacheOptions {
  readonly ttlMs: number;
  readonly maxEntries: number;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly clock?: () => number;
}

interface Entry<V> extends CacheHit<V> {
  readonly expiresAtMs: number;
}

/**
 * Creates a TTL cache. The TTL is what bounds staleness across instances (a key revoked on
 * another server stops working here within `ttlMs`); local changes call `delete` at once.
 * @throws AppError invalid_parameter when a tunable is not a positive integer.
 */
export function createTtlCache<V>(options: TtlCacheOptions): TtlCache<V> {
  for (const name of ['ttlMs', 'maxEntries'] as const) {
    if (!Number.isSafeInteger(options[name]) || options[name] <= 0) {
      throw new AppError('invalid_parameter', `Expected a positive integer for ${name} but received ${String(options[name])}`, {
        details: { parameter: name },
      });
    }
  }
  const clock = options.clock ?? Date.now;
  // Insertion order is expiry order (one TTL for all), so the first entries are the oldest.
  const entries = new Map<string, Entry<V>>();

  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAtMs > clock()) return entry;
      entries.delete(key);
      return undefined;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, { value, expiresAtMs: clock() + options.ttlMs });
      if (entries.size <= options.maxEntries) return;
      const oldest = entries.keys().next();
      if (oldest.done !== true) entries.delete(oldest.value);
    },
    delete(key) {
      entries.delete(key);
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
