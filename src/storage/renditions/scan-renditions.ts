import { readdir, rmdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isTempName } from '../fs/write-file-atomic.js';
import { hasErrorCode } from '../fs/wrap-fs-error.js';
import { isRenditionKey } from './rendition-key.js';

/** A rendition found on disk at start-up. */
export interface ScannedRendition {
  readonly key: string;
  readonly bytes: number;
  readonly mtimeMs: number;
}

/** How many stat calls run at once; enough to hide latency without flooding the thread pool. */
const STAT_BATCH = 64;

/**
 * Lists every rendition under `dir` (`<fileId>/<name>`), least recently used first by mtime
 * (the cache touches a file on each disk hit, so mtime survives restarts where atime often is off).
 * Sweeps temp files a crash left behind and empty folders, unless `sweep` is false (another process, such as
 * `storage migrate`, reading the folder of a running server, whose temp files are writes in progress);
 * ignores anything that is not a rendition key.
 */
export async function scanRenditions(dir: string, options: { readonly sweep?: boolean } = {}): Promise<ScannedRendition[]> {
  const sweep = options.sweep ?? true;
  const found: ScannedRendition[] = [];
  for (const folder of await listDir(dir)) {
    if (!folder.isDirectory()) continue;
    const folderPath = join(dir, folder.name);
    const entries = await listDir(folderPath);
    // Eviction leaves per-file folders empty; nothing writes yet at start-up, so removing them cannot race.
    if (entries.length === 0 && sweep) await rmdir(folderPath).catch(() => undefined);
    const names = entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
    for (let start = 0; start < names.length; start += STAT_BATCH) {
      const batch = names.slice(start, start + STAT_BATCH);
      const scanned = await Promise.all(batch.map((name) => scanOne(dir, folder.name, name, sweep)));
      for (const item of scanned) if (item !== null) found.push(item);
    }
  }
  return found.sort((a, b) => a.mtimeMs - b.mtimeMs);
}

async function scanOne(dir: string, folder: string, name: string, sweep: boolean): Promise<ScannedRendition | null> {
  const path = join(dir, folder, name);
  if (isTempName(name)) {
    if (sweep) await unlink(path).catch(() => undefined);
    return null;
  }
  const key = `${folder}/${name}`;
  if (!isRenditionKey(key)) return null;
  try {
    const info = await stat(path);
    return { key, bytes: info.size, mtimeMs: info.mtimeMs };
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return null;
    throw error;
  }
}

async function listDir(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return [];
    throw error;
  }
}
