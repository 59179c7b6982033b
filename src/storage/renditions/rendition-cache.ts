import { invalidParameter } from '../../errors/app-error.js';
import { FILE_ID_PATTERN } from '../files/file-id.js';
import { ByteLru } from '../../shared/byte-lru.js';
import { loadDiskTier } from './disk-tier.js';
import { entryBytes, type RenditionEntry } from './rendition-file.js';
import { assertRenditionKey, isRenditionKey } from './rendition-key.js';
import type { SharedTier } from './shared-tier.js';
import { askSharedTier, type RenderHooks } from './ask-shared-tier.js';
import { createHintPolicy, type HintPolicy } from './hint-policy.js';

export interface RenditionCacheOptions {
  /** The disk tier's folder; one sub-folder per file id. */
  readonly dir: string;
  readonly maxDiskBytes: number;
  /** The hot tier; one entry may take at most a quarter of it so a single large render cannot flush it. */
  readonly maxMemoryBytes: number;
  /**
   * The tier all instances share (the bucket), behind this instance's memory and disk tiers: looked up
   * before rendering, written after. Unreachable, it costs a render, never the request.
   */
  readonly shared?: SharedTier | undefined;
  /** When a local miss asks the caller's hint beside the shared tier (default: while the database answers well before the bucket). */
  readonly hintPolicy?: HintPolicy | undefined;
  /** Called with errors the cache survives (a failed disk read or write); wire it to the logger. */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** Counters and gauges for Prometheus. A request that waited on another's render counts as a miss. */
export interface RenditionCacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly memoryHits: number;
  readonly diskHits: number;
  /** Hits found in the shared tier (rendered by another instance, or evicted here). */
  readonly sharedHits: number;
  readonly renders: number;
  readonly renderFailures: number;
  readonly diskBytes: number;
  readonly diskEntries: number;
  readonly memoryBytes: number;
  readonly memoryEntries: number;
}

export type CacheOutcome = 'hit' | 'miss';

/** The CDN rendition cache: memory tier in front of a disk tier (and the shared tier when there is one), with request coalescing. */
export interface RenditionCache {
  get(key: string): Promise<RenditionEntry | null>;
  /** The entry if the memory tier holds it (counted as a hit), else `undefined`; never reads the disk. */
  peek(key: string): RenditionEntry | undefined;
  put(key: string, entry: RenditionEntry): Promise<void>;
  /**
   * Returns the cached entry, or renders, stores and returns it. Concurrent calls for one key share
   * one lookup and one `render`; if it rejects, every waiter rejects and nothing is stored.
   */
  getOrRender(key: string, render: () => Promise<RenditionEntry>, hooks?: RenderHooks): Promise<{ entry: RenditionEntry; cache: CacheOutcome }>;
  /** Drops every rendition of a file from every tier, the shared one included, and renders still in flight. */
  deleteFile(fileId: string): Promise<void>;
  /** As deleteFile, but only this instance's tiers: another instance deleted the file (and its shared renditions). */
  forgetFile(fileId: string): Promise<void>;
  /** Waits for the writes still under way after their answers (shutdown drains them). */
  flush(): Promise<void>;
  stats(): RenditionCacheStats;
}

const MEMORY_ENTRY_SHARE = 4;

interface FlightState {
  discarded: boolean;
}

/** One lookup-and-render in progress, shared by every caller asking for its key meanwhile. */
interface Flight {
  readonly state: FlightState;
  readonly result: Promise<{ entry: RenditionEntry; cache: CacheOutcome }>;
}

/**
 * Opens the cache, rebuilding the disk index from `dir` (async for that reason).
 * @throws AppError invalid_parameter when a byte cap is not a positive integer.
 */
export async function createRenditionCache(options: RenditionCacheOptions): Promise<RenditionCache> {
  for (const name of ['maxDiskBytes', 'maxMemoryBytes'] as const) {
    const value = options[name];
    if (!Number.isSafeInteger(value) || value <= 0) throw invalidParameter(name, 'a positive integer', value);
  }
  const disk = await loadDiskTier({ dir: options.dir, maxBytes: options.maxDiskBytes });
  const memory = new ByteLru<RenditionEntry>(options.maxMemoryBytes);
  const inflight = new Map<string, Flight>();
  const counts = { hits: 0, misses: 0, memoryHits: 0, diskHits: 0, sharedHits: 0, renders: 0, renderFailures: 0 };
  const { shared } = options;
  const hintPolicy = options.hintPolicy ?? createHintPolicy();
  // Writes that finish after the answer: the shared copy of a render, the local copy of a shared hit.
  const lateWrites = new Set<Promise<void>>();
  const later = (write: Promise<void>) => {
    const tracked = write.catch((error: unknown) => options.onError?.(error));
    lateWrites.add(tracked);
    void tracked.finally(() => lateWrites.delete(tracked));
  };
  // Renders and shared hits whose disk copy is still being written: a second ask meanwhile must not render or go to the bucket again.
  const promoting = new Map<string, { readonly entry: RenditionEntry; readonly written: Promise<void> }>();

  const remember = (key: string, entry: RenditionEntry) => {
    const bytes = entryBytes(entry);
    if (bytes <= options.maxMemoryBytes / MEMORY_ENTRY_SHARE) memory.set(key, entry, bytes);
  };
  const memoryHit = (key: string) => {
    const entry = memory.get(key);
    if (entry !== undefined) disk.touch(key);
    return entry;
  };
  const diskHit = async (key: string) => {
    const pending = promoting.get(key)?.entry;
    if (pending !== undefined) return pending;
    // An unreadable cache file costs a render, never the request.
    const entry = await disk.get(key).catch((error: unknown) => {
      options.onError?.(error);
      return null;
    });
    if (entry !== null) remember(key, entry);
    return entry;
  };
  const store = async (key: string, entry: RenditionEntry) => {
    remember(key, entry);
    await disk.put(key, entry);
  };
  const dropKey = async (key: string) => {
    memory.delete(key);
    await disk.delete(key);
  };
  /** Memory now, disk after the answer: the entry stays findable (promoting) until its file is written. */
  const keepWritten = (key: string, entry: RenditionEntry, flight: FlightState) => {
    remember(key, entry);
    // Written on the next turn of the event loop, once this answer is on its socket: the file's
    // syscalls and their callbacks would otherwise run between the lookup and the reply.
    const written = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => disk.put(key, entry))
      .then(async () => {
        // deleteFile() may have run while the file was written; it must win.
        if (flight.discarded) await dropKey(key);
      })
      .finally(() => promoting.delete(key));
    promoting.set(key, { entry, written: written.catch(() => undefined) });
    later(written);
  };
  const promote = (key: string, entry: RenditionEntry, flight: FlightState) => {
    counts.sharedHits += 1;
    // The memory tier answers the next ask at once; the disk copy need not delay this one.
    keepWritten(key, entry, flight);
    return entry;
  };
  const count = (outcome: CacheOutcome, tier?: 'memoryHits' | 'diskHits') => {
    counts[outcome === 'hit' ? 'hits' : 'misses'] += 1;
    if (tier !== undefined) counts[tier] += 1;
  };

  const renderOnce = async (key: string, render: () => Promise<RenditionEntry>, flight: FlightState, hooks: RenderHooks | undefined) => {
    let cached = await diskHit(key);
    if (cached === null && shared !== undefined) {
      const found = await askSharedTier(shared, key, hooks, options.onError, hintPolicy);
      if (found !== null) cached = promote(key, found, flight);
    }
    if (cached !== null) return { entry: cached, cache: 'hit' as const };
    counts.renders += 1;
    const entry = await render().catch((error: unknown) => {
      counts.renderFailures += 1;
      throw error;
    });
    // The render already succeeded: a full disk or an unreachable bucket must not fail the request, only stop caching.
    if (!flight.discarded) {
      // The disk copy is written after the answer, as a shared hit's is (promote): until it lands, the memory tier
      // or the pending entry answers this key, a failed write is only logged, and flush() waits for it.
      keepWritten(key, entry, flight);
      // The shared copy is written after the answer, not before: it would add a PUT to every first miss, and an
      // instance that misses meanwhile only renders again (the charge is once per rendition whatever happens).
      if (shared !== undefined) later(shared.put(key, entry));
    }
    // deleteFile() may have run while we rendered; it must win.
    if (flight.discarded) await dropKey(key);
    return { entry, cache: 'miss' as const };
  };
  const forgetFile = async (fileId: string) => {
    if (!FILE_ID_PATTERN.test(fileId)) throw invalidParameter('fileId', 'a file id', fileId);
    const prefix = `${fileId}/`;
    for (const [key, flight] of inflight) if (key.startsWith(prefix)) flight.state.discarded = true;
    // A local copy still being written would land after the delete below: let it land first.
    await Promise.all([...promoting].filter(([key]) => key.startsWith(prefix)).map(([, { written }]) => written));
    for (const key of memory.keys()) if (key.startsWith(prefix)) memory.delete(key);
    await disk.deleteFile(fileId);
  };
  const fly = (key: string, render: () => Promise<RenditionEntry>, hooks: RenderHooks | undefined): Flight => {
    const state: FlightState = { discarded: false };
    const flight: Flight = {
      state,
      result: renderOnce(key, render, state, hooks).finally(() => {
        if (inflight.get(key) === flight) inflight.delete(key);
      }),
    };
    inflight.set(key, flight);
    return flight;
  };

  return {
    async get(key) {
      assertRenditionKey(key);
      const hot = memoryHit(key);
      if (hot !== undefined) {
        count('hit', 'memoryHits');
        return hot;
      }
      const cold = await diskHit(key);
      count(cold === null ? 'miss' : 'hit', cold === null ? undefined : 'diskHits');
      return cold;
    },
    peek(key) {
      const hot = isRenditionKey(key) ? memoryHit(key) : undefined;
      if (hot !== undefined) count('hit', 'memoryHits');
      return hot;
    },
    async put(key, entry) {
      assertRenditionKey(key);
      await store(key, entry);
    },
    async getOrRender(key, render, hooks) {
      assertRenditionKey(key);
      const hot = memoryHit(key);
      if (hot !== undefined) {
        count('hit', 'memoryHits');
        return { entry: hot, cache: 'hit' };
      }
      const result = await (inflight.get(key) ?? fly(key, render, hooks)).result;
      count(result.cache, result.cache === 'hit' ? 'diskHits' : undefined);
      return result;
    },
    async deleteFile(fileId) {
      await forgetFile(fileId);
      await shared?.deleteFile(fileId);
    },
    forgetFile,
    async flush() {
      await Promise.all([...lateWrites]);
    },
    stats: () => ({
      ...counts,
      diskBytes: disk.bytes,
      diskEntries: disk.entries,
      memoryBytes: memory.bytes,
      memoryEntries: memory.size,
    }),
  };
}
