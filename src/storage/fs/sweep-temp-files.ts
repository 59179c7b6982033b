import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { hasErrorCode } from './wrap-fs-error.js';
import { isTempName } from './write-file-atomic.js';

/**
 * Removes the in-progress files (`writeFileAtomic`'s `.….tmp`) a crash left anywhere under `dir`: run at
 * start, before anything writes there (a data folder belongs to one instance). Returns how many it removed.
 */
export async function sweepTempFiles(dir: string): Promise<number> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return 0;
    throw error;
  }
  let removed = 0;
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) removed += await sweepTempFiles(path);
    else if (entry.isFile() && isTempName(entry.name)) {
      await unlink(path).catch(() => undefined);
      removed += 1;
    }
  }
  return removed;
}
