import { open, unlink } from 'node:fs/promises';
import { AppError, isAppError } from '../../errors/app-error.js';
import { hasErrorCode } from './wrap-fs-error.js';

/** Error codes of a full volume: Node's ENOSPC/EDQUOT, SQLite's SQLITE_FULL, PostgreSQL's disk_full (53100). */
const FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL', '53100']);

/** True when `error` (or any error in its `cause` chain) says the disk or database is full. */
export function isStorageFull(error: unknown): boolean {
  for (let current = error, depth = 0; current !== null && current !== undefined && depth < 8; depth++) {
    if (isAppError(current) && current.code === 'storage_full') return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && FULL_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The public error for a full disk: 503, retryable once space is freed (deletes still work). */
export function storageFull(action: string, cause?: unknown): AppError {
  return new AppError('storage_full', `Could not ${action}: the server's storage is full; delete files to free space, or ask the operator to add some`, {
    cause,
    details: { retryAfterSeconds: 60 },
  });
}

/**
 * Space held back on the data volume (STORAGE_RESERVE_BYTES in a file) so that, once the disk is full,
 * the writes that free space or keep promises — deleting a file, refunding a charge — can still be made:
 * they release the reserve and retry. It is taken again at the next start.
 */
export interface SpaceReserve {
  /** Writes the reserve file if it is missing; a full disk leaves it missing (no error). */
  ensure(): Promise<void>;
  /** Runs `write`; when it fails because the disk is full, releases the reserve and runs it once more. */
  withReserve<T>(write: () => Promise<T>): Promise<T>;
}

export function createSpaceReserve(path: string, bytes: number): SpaceReserve {
  const release = async (): Promise<boolean> => {
    try {
      await unlink(path);
      return true;
    } catch (error) {
      if (hasErrorCode(error, 'ENOENT')) return false;
      throw error;
    }
  };
  return {
    async ensure() {
      if (bytes <= 0) return;
      let handle;
      try {
        handle = await open(path, 'wx');
      } catch (error) {
        if (hasErrorCode(error, 'EEXIST')) return;
        throw error;
      }
      try {
        // Real blocks, not a sparse file: a hole would free nothing when released.
        const chunk = Buffer.alloc(Math.min(bytes, 1024 * 1024));
        for (let written = 0; written < bytes; written += chunk.length) await handle.write(chunk, 0, Math.min(chunk.length, bytes - written));
        await handle.sync();
        await handle.close();
      } catch (error) {
        await handle.close().catch(() => undefined);
        await unlink(path).catch(() => undefined);
        if (!isStorageFull(error)) throw error;
      }
    },
    async withReserve(write) {
      try {
        return await write();
      } catch (error) {
        if (!isStorageFull(error) || !(await release())) throw error;
        return write();
      }
    },
  };
}
