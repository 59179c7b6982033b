import { createHash } from 'node:crypto';
import { open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { hasErrorCode, wrapFsError } from '../fs/wrap-fs-error.js';
import { invalidParameter } from '../../errors/app-error.js';
import { assertBlobKey } from './blob-key.js';
import type { BlobStore } from './blob-store.js';

/**
 * Where `key` lives under `rootDir`: `ab/cd/<sha256 hex of key>`. Hashing spreads keys over
 * 65,536 folders whatever their shape, and keeps names safe on case-insensitive file systems
 * and within file-name length limits. The key itself is not recoverable from the path.
 */
export function fsBlobPath(rootDir: string, key: string): string {
  assertBlobKey(key);
  const hash = createHash('sha256').update(key).digest('hex');
  return join(resolve(rootDir), hash.slice(0, 2), hash.slice(2, 4), hash);
}

// Inventory ids are paths relative to the root: `ab/cd/<hash>` (or a temp file's name beside it).
const INVENTORY_ID = /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9A-Za-z._-]+$/;

/** A `BlobStore` on the local disk under `rootDir`; every write is atomic and durable. */
export function createFsBlobStore(rootDir: string): BlobStore {
  const root = resolve(rootDir);
  const pathOf = (key: string) => fsBlobPath(rootDir, key);
  const idOf = (key: string) => relative(root, pathOf(key)).split(sep).join('/');

  return {
    async put(key, data) {
      const path = pathOf(key);
      try {
        return { bytes: await writeFileAtomic(path, data) };
      } catch (error) {
        throw wrapFsError(error, `store blob ${key}`);
      }
    },
    get: (key) => nullWhenMissing(`read blob ${key}`, () => readFile(pathOf(key))),
    stat: (key) =>
      nullWhenMissing(`inspect blob ${key}`, async () => {
        const info = await stat(pathOf(key));
        return { bytes: info.size };
      }),
    async delete(key) {
      await nullWhenMissing(`delete blob ${key}`, () => unlink(pathOf(key)));
    },
    stream: (key) =>
      nullWhenMissing(`read blob ${key}`, async (): Promise<Readable> => {
        // Opening first turns a missing file into null here rather than an error event later.
        const handle = await open(pathOf(key), 'r');
        return handle.createReadStream();
      }),
    async *inventory() {
      const entries = await readdir(root, { withFileTypes: true, recursive: true }).catch((error: unknown) => {
        if (hasErrorCode(error, 'ENOENT')) return [];
        throw wrapFsError(error, `list blobs in ${root}`);
      });
      for (const entry of entries) {
        if (!entry.isFile()) continue;
        const path = join(entry.parentPath, entry.name);
        const info = await stat(path).catch(() => null);
        if (info !== null) yield { id: relative(root, path).split(sep).join('/'), bytes: info.size, modifiedAt: info.mtime };
      }
    },
    idOf,
    async deleteById(id) {
      if (!INVENTORY_ID.test(id)) throw invalidParameter('id', 'a blob inventory id (ab/cd/name)', id);
      await nullWhenMissing(`delete blob ${id}`, () => unlink(join(root, ...id.split('/'))));
    },
  };
}

async function nullWhenMissing<T>(action: string, run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return null;
    throw wrapFsError(error, action);
  }
}
