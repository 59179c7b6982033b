import { createHash } from 'node:crypto';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { hasErrorCode, wrapFsError } from '../fs/wrap-fs-error.js';
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

/** A `BlobStore` on the local disk under `rootDir`; every write is atomic and durable. */
export function createFsBlobStore(rootDir: string): BlobStore {
  const pathOf = (key: string) => fsBlobPath(rootDir, key);

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
