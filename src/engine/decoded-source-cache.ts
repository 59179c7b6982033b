import { invalidParameter } from '../errors/app-error.js';
import { ByteLru } from '../shared/byte-lru.js';

/** A source decoded, EXIF-oriented and shrunk: 8-bit sRGB pixels, row by row, `channels` bytes each. */
export interface DecodedSource {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 2 | 3 | 4;
}

/** Counters and gauges; a call that waited on another's decode counts as coalesced, not as a decode. */
export interface DecodedSourceCacheStats {
  readonly hits: number;
  readonly decodes: number;
  readonly coalesced: number;
  readonly failures: number;
  readonly bytes: number;
  readonly entries: number;
}

/**
 * Decoded intermediates of hot originals, so renders of other sizes skip the JPEG decode. Keeping one is
 * only a saving: a render decodes the same intermediate whether or not it is kept (see decode-plan.ts).
 */
export interface DecodedSourceCache {
  readonly maxBytes: number;
  /**
   * The intermediate of `key` at `shrink`: kept, shared with a decode in flight, or decoded now by `decode`
   * and kept if it fits. A failed decode is not kept; every caller waiting on it rejects.
   */
  get(key: string, shrink: number, decode: () => Promise<DecodedSource>): Promise<DecodedSource>;
  /** Forgets every intermediate of `key` (its file was deleted): memory back at once, not at eviction. */
  delete(key: string): void;
  stats(): DecodedSourceCacheStats;
}

/**
 * A byte-bounded LRU of intermediates that coalesces concurrent decodes of one (key, shrink).
 * `maxBytes` 0 keeps nothing (decodes in flight are still shared).
 * @throws AppError invalid_parameter when `maxBytes` is not a non-negative integer
 */
export function createDecodedSourceCache(maxBytes: number): DecodedSourceCache {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw invalidParameter('maxBytes', 'a non-negative integer', maxBytes);
  const kept = new ByteLru<DecodedSource>(maxBytes);
  const inflight = new Map<string, Promise<DecodedSource>>();
  const counts = { hits: 0, decodes: 0, coalesced: 0, failures: 0 };

  const decodeOnce = async (id: string, decode: () => Promise<DecodedSource>): Promise<DecodedSource> => {
    counts.decodes += 1;
    try {
      const decoded = await decode();
      if (decoded.data.byteLength <= maxBytes) kept.set(id, decoded, decoded.data.byteLength);
      return decoded;
    } catch (error) {
      counts.failures += 1;
      throw error;
    } finally {
      inflight.delete(id);
    }
  };

  return {
    maxBytes,
    get(key, shrink, decode) {
      // The shrink is digits, so the first colon ends it: no two (key, shrink) pairs share an id.
      const id = `${shrink}:${key}`;
      const hit = kept.get(id);
      if (hit !== undefined) {
        counts.hits += 1;
        return Promise.resolve(hit);
      }
      const flying = inflight.get(id);
      if (flying !== undefined) {
        counts.coalesced += 1;
        return flying;
      }
      const started = decodeOnce(id, decode);
      inflight.set(id, started);
      return started;
    },
    delete(key) {
      for (const id of kept.keys()) if (id.slice(id.indexOf(':') + 1) === key) kept.delete(id);
    },
    stats: () => ({ ...counts, bytes: kept.bytes, entries: kept.size }),
  };
}
