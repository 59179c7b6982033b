import { invalidOption } from '../errors/app-error.js';
import { isPositiveInteger } from './is.js';

/** Options of {@link createReadThroughCache}. */
export interface ReadThroughCacheOptions {
  /** How long an entry answers; absent, entries live until evicted. */
  readonly ttlMs?: number;
  /** The most entries kept; beyond it the oldest written (or, with `lru`, the least recently read) goes. */
  readonly maxEntries: number;
  /** Count a read as a use, so a hot entry is not evicted by a stream of new ones. */
  readonly lru?: boolean;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly clock?: () => number;
}

/**
 * A small in-process cache in front of a slower lookup. `V` may be `null` (a remembered "no such thing");
 * `undefined` always means a miss.
 */
export interface ReadThroughCache<V extends NonNullable<unknown> | null> {
  /** The live entry, or `undefined`; synchronous and never loads, for the CDN's hit path. */
  peek(key: string): V | undefined;
  /** The live entry, else what `load` returns, which is kept. */
  get(key: string, load: () => Promise<V>): Promise<V>;
  set(key: string, value: V): void;
  delete(key: string): void;
  clear(): void;
  readonly size: number;
}

interface Entry<V> {
  readonly value: V;
  readonly expiresAtMs: number;
}

function assertCount(name: string, value: number | undefined): void {
  if (value !== undefined && !isPositiveInteger(value)) throw invalidOption(name, 'a positive integer', value);
}

/**
 * Creates a read-through cache. Its TTL is what bounds staleness across instances (a key revoked or a file
 * changed on another server is seen here within `ttlMs`); local changes call `delete` at once.
 * @throws Error when a tunable is not a positive integer (a programming error).
 */
export function createReadThroughCache<V extends NonNullable<unknown> | null>(options: ReadThroughCacheOptions): ReadThroughCache<V> {
  assertCount('ttlMs', options.ttlMs);
  assertCount('maxEntries', options.maxEntries);
  const { ttlMs, maxEntries, lru = false } = options;
  const clock = options.clock ?? Date.now;
  // A Map iterates in insertion order: the first entry is the oldest written (or least recently read, with lru).
  const entries = new Map<string, Entry<V>>();

  const peek = (key: string): V | undefined => {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (ttlMs !== undefined && entry.expiresAtMs <= clock()) {
      entries.delete(key);
      return undefined;
    }
    if (lru) {
      entries.delete(key);
      entries.set(key, entry);
    }
    return entry.value;
  };
  const set = (key: string, value: V): void => {
    entries.delete(key);
    entries.set(key, { value, expiresAtMs: ttlMs === undefined ? Number.POSITIVE_INFINITY : clock() + ttlMs });
    if (entries.size <= maxEntries) return;
    const oldest = entries.keys().next();
    if (oldest.done !== true) entries.delete(oldest.value);
  };

  return {
    peek,
    async get(key, load) {
      const cached = peek(key);
      if (cached !== undefined) return cached;
      const value = await load();
      set(key, value);
      return value;
    },
    set,
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
