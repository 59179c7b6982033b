import { createReadThroughCache } from '../../shared/read-through-cache.js';
import type { SourceRecord } from './source-record.js';
import type { SourcesRepository } from './sources-repository.js';

/** The sources repository with its lookups cached, and readable synchronously for the hit path. */
export interface CachedSourcesRepository extends SourcesRepository {
  /** `getSource`'s cached answer, or `undefined` when only the database can tell. */
  peekSource(workspaceId: string, name: string): SourceRecord | null | undefined;
  /** `findByHost`'s cached answer, or `undefined` when only the database can tell. */
  peekHost(host: string): SourceRecord | null | undefined;
}

/**
 * Every source render and every request's host check looks a source up; they change rarely. Changes made
 * here clear the cache at once; another instance's are seen within `ttlMs`, as with files and keys.
 */
export function withSourceCache(inner: SourcesRepository, options: { ttlMs?: number; now?: () => number } = {}): CachedSourcesRepository {
  const ttlMs = options.ttlMs ?? 1000;
  const byName = createReadThroughCache<SourceRecord | null>({ ttlMs, maxEntries: 10_000, clock: options.now });
  const byHost = createReadThroughCache<SourceRecord | null>({ ttlMs, maxEntries: 10_000, clock: options.now });
  const allByName = createReadThroughCache<readonly SourceRecord[]>({ ttlMs, maxEntries: 10_000, clock: options.now });
  const clear = <T>(value: T): T => {
    byName.clear();
    byHost.clear();
    allByName.clear();
    return value;
  };
  const nameKey = (workspaceId: string, name: string) => `${workspaceId}\u0000${name}`;
  return {
    ...inner,
    insertSource: async (source) => clear(await inner.insertSource(source)),
    deleteSource: async (workspaceId, name) => clear(await inner.deleteSource(workspaceId, name)),
    getSource: (workspaceId, name) => byName.get(nameKey(workspaceId, name), () => inner.getSource(workspaceId, name)),
    findByHost: (host) => byHost.get(host, () => inner.findByHost(host)),
    listByName: (name) => allByName.get(name, () => inner.listByName(name)),
    peekSource: (workspaceId, name) => byName.peek(nameKey(workspaceId, name)),
    peekHost: (host) => byHost.peek(host),
  };
}
