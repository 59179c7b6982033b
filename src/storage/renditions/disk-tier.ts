import { readFile, rm, unlink, utimes } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { hasErrorCode, wrapFsError } from '../fs/wrap-fs-error.js';
import { ByteLru } from '../../shared/byte-lru.js';
import { decodeRendition, encodeRendition, type RenditionEntry } from './rendition-file.js';
import { scanRenditions } from './scan-renditions.js';

/** The disk tier: one file per rendition, an in-memory LRU index of them, evicting past a byte cap. */
export interface DiskTier {
  get(key: string): Promise<RenditionEntry | null>;
  put(key: string, entry: RenditionEntry): Promise<void>;
  /** Marks a key recently used without reading it (a memory-tier hit). */
  touch(key: string): void;
  delete(key: string): Promise<void>;
  deleteFile(fileId: string): Promise<void>;
  readonly bytes: number;
  readonly entries: number;
}

/** Opens the disk tier under `dir`, rebuilding its index from the files there. Keys must be valid rendition keys. */
export async function loadDiskTier(options: { dir: string; maxBytes: number }): Promise<DiskTier> {
  const root = resolve(options.dir);
  const index = new ByteLru<null>(options.maxBytes);
  const pathOf = (key: string) => join(root, key);
  const unlinkQuietly = (key: string) => unlink(pathOf(key)).catch(() => undefined);
  const evict = (evicted: Array<[string, null]>) => Promise.all(evicted.map(([key]) => unlinkQuietly(key)));

  const scanned = await scanRenditions(root).catch((error: unknown) => {
    throw wrapFsError(error, `read the rendition cache folder ${root}`);
  });
  for (const { key, bytes } of scanned) index.set(key, null, bytes);
  // The cap may have shrunk since the last run: those set() calls already evicted from the index, now the files.
  const kept = new Set(index.keys());
  await evict(scanned.filter(({ key }) => !kept.has(key)).map(({ key }) => [key, null]));

  return {
    async get(key) {
      if (!index.has(key)) return null;
      const file = await readFile(pathOf(key)).catch((error: unknown) => {
        if (hasErrorCode(error, 'ENOENT')) return null;
        throw wrapFsError(error, `read rendition ${key}`);
      });
      const entry = file === null ? null : decodeRendition(file);
      if (entry === null) {
        index.delete(key);
        if (file !== null) await unlinkQuietly(key);
        return null;
      }
      index.get(key);
      const now = new Date();
      // Recency for the next start-up's index; losing one update only makes eviction slightly less exact.
      utimes(pathOf(key), now, now).catch(() => undefined);
      return entry;
    },
    async put(key, entry) {
      const file = encodeRendition(entry);
      if (file.length > options.maxBytes) return;
      try {
        await writeFileAtomic(pathOf(key), file, { durable: false });
      } catch (error) {
        throw wrapFsError(error, `store rendition ${key}`);
      }
      await evict(index.set(key, null, file.length));
    },
    touch: (key) => void index.get(key),
    async delete(key) {
      index.delete(key);
      await unlinkQuietly(key);
    },
    async deleteFile(fileId) {
      for (const key of index.keys()) if (key.startsWith(`${fileId}/`)) index.delete(key);
      await rm(join(root, fileId), { recursive: true, force: true });
    },
    get bytes() {
      return index.bytes;
    },
    get entries() {
      return index.size;
    },
  };
}
