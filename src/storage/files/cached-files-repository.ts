import { createReadThroughCache } from '../../shared/read-through-cache.js';
import type { ChangeFeed } from '../db/change-feed.js';
import type { FileRecord } from './file-record.js';
import type { FilesRepository } from './files-repository.js';

export interface FileCacheOptions {
  /** How long another instance's change may go unseen (focal edits, deletes): at most a second. */
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  readonly now?: () => number;
  /** Tells other instances about changes made here and drops what they change (PostgreSQL LISTEN/NOTIFY). */
  readonly changes?: ChangeFeed | undefined;
}

/** The files repository with its short-lived lookup cache exposed for synchronous reads. */
export interface CachedFilesRepository extends FilesRepository {
  /**
   * The cached answer of `getFile` when one is still fresh (a record, or `null` for a remembered
   * "no such file"); `undefined` when only the database can tell. Never touches the database, so
   * the CDN's hit path can answer without leaving the current tick.
   */
  peekFile(workspaceId: string, id: string): FileRecord | null | undefined;
  /** `findByPath`'s cached answer, as `peekFile`. */
  peekPath(workspaceId: string, source: string, path: string): FileRecord | null | undefined;
}

/**
 * Keeps `getFile` answers for a moment: every CDN hit looks its file up, and that query was most
 * of a hit's cost. Changes made through this repository drop the entry at once and are published on
 * `changes`; changes other instances publish drop it as soon as they arrive, and `ttlMs` bounds the rest.
 */
export function withFileCache(inner: FilesRepository, options: FileCacheOptions = {}): CachedFilesRepository {
  const entries = createReadThroughCache<FileRecord | null>({ ttlMs: options.ttlMs ?? 1000, maxEntries: options.maxEntries ?? 10_000, clock: options.now });
  const keyOf = (workspaceId: string, id: string) => `${workspaceId}\u0000${id}`;
  const { changes } = options;
  // Paths share the cache; their keys have three parts, so they never meet an id's.
  const pathKey = (workspaceId: string, source: string, path: string) => `${workspaceId}\u0000${source}\u0000${path}`;
  const changeOf = (record: FileRecord, deleted: boolean) =>
    ({ kind: 'file', workspaceId: record.workspaceId, fileId: record.id, deleted, source: record.source ?? null, path: record.path ?? null }) as const;
  changes?.subscribe((change) => {
    if (change.kind === 'file') {
      entries.delete(keyOf(change.workspaceId, change.fileId));
      if (change.source != null && change.path != null) entries.delete(pathKey(change.workspaceId, change.source, change.path));
    } else if (change.kind === 'reset') entries.clear();
  });
  const changing = <A extends unknown[], R>(deleted: boolean, change: (workspaceId: string, id: string, ...rest: A) => Promise<R>) =>
    async (workspaceId: string, id: string, ...rest: A): Promise<R> => {
      entries.delete(keyOf(workspaceId, id));
      let result: R;
      try {
        result = await change(workspaceId, id, ...rest);
      } finally {
        // Dropped again after the write, so a read that raced the change cannot keep the old row.
        entries.delete(keyOf(workspaceId, id));
      }
      // Every changing method returns the record it changed, or null when there was none.
      const record = result as FileRecord | null;
      if (record !== null) await changes?.publish(changeOf(record, deleted));
      return result;
    };
  const peekFile = (workspaceId: string, id: string): FileRecord | null | undefined => entries.peek(keyOf(workspaceId, id));
  const dropPath = (record: FileRecord | null) => {
    if (record?.source != null && record.path !== null) entries.delete(pathKey(record.workspaceId, record.source, record.path));
    return record;
  };
  return {
    ...inner,
    peekFile,
    peekPath: (workspaceId, source, path) => entries.peek(pathKey(workspaceId, source, path)),
    async insertFile(file) {
      try {
        const record = await inner.insertFile(file);
        entries.delete(keyOf(record.workspaceId, record.id));
        return record;
      } finally {
        // Refused too (another instance stored the path first): a remembered "no file at this path" is wrong either way.
        if (file.source !== undefined && file.path !== undefined) entries.delete(pathKey(file.workspaceId, file.source, file.path));
      }
    },
    async findByPath(workspaceId, source, path) {
      const record = await entries.get(pathKey(workspaceId, source, path), () => inner.findByPath(workspaceId, source, path));
      // Known by path is known by id: the render authorisers and the hit path look files up by id.
      if (record !== null) entries.set(keyOf(record.workspaceId, record.id), record);
      return record;
    },
    async deleteBySource(workspaceId, source) {
      const removed = await inner.deleteBySource(workspaceId, source);
      for (const record of removed) {
        entries.delete(keyOf(workspaceId, record.id));
        dropPath(record);
        await changes?.publish(changeOf(record, true));
      }
      return removed;
    },
    getFile: (workspaceId, id) => entries.get(keyOf(workspaceId, id), () => inner.getFile(workspaceId, id)),
    deleteFile: changing(true, async (workspaceId, id) => dropPath(await inner.deleteFile(workspaceId, id))),
    replaceOriginal: changing(false, async (workspaceId, id, original: Parameters<FilesRepository['replaceOriginal']>[2]) => dropPath(await inner.replaceOriginal(workspaceId, id, original))),
    markChecked: changing(false, async (workspaceId, id, checkedAt: string) => dropPath(await inner.markChecked(workspaceId, id, checkedAt))),
    setFocal: changing(false, async (workspaceId, id, point: Parameters<FilesRepository['setFocal']>[2]) => dropPath(await inner.setFocal(workspaceId, id, point))),
    saveAnalysis: changing(false, async (workspaceId, id, analysis: unknown) => dropPath(await inner.saveAnalysis(workspaceId, id, analysis))),
  };
}
