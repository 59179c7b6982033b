import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { UsageRepository } from '../accounts/usage-repository.js';
import { currentPeriod } from '../accounts/plans.js';
import { decodeRendition, scanRenditions, type BlobStore, type FilesRepository } from '../storage/index.js';
import { copyVerified, holdsCopy, sha256 } from './migrate-blobs.js';
import { loadRenditionOwners } from './current-renditions.js';

/**
 * One rendition's outcome in `convertly storage migrate --renditions`: `stale` renditions belong to a deleted
 * file or to an older version of one (nothing can ask for them again), `damaged` ones fail the cache file's
 * own length check; neither is copied.
 */
export type RenditionMigrateOutcome = 'copied' | 'already-there' | 'stale' | 'damaged';

export interface RenditionMigrateProgress {
  readonly key: string;
  readonly outcome: RenditionMigrateOutcome;
  readonly bytes: number;
}

export interface RenditionMigrateReport {
  readonly copied: number;
  readonly alreadyThere: number;
  readonly stale: number;
  readonly damaged: number;
  readonly bytesCopied: number;
}

export interface MigrateRenditionsOptions {
  readonly files: FilesRepository;
  /** The data folder's `renditions/`; read only (a running server may be writing to it). */
  readonly dir: string;
  /** The shared tier's objects as a blob store (keys are rendition keys). */
  readonly target: BlobStore;
  readonly usage: UsageRepository;
  readonly onProgress?: (progress: RenditionMigrateProgress) => void;
}

/**
 * Copies the disk tier's renditions of current files to the shared tier, each read back and compared by
 * SHA-256, resumable as the originals' copy is. Each copied rendition is also recorded as charged (it was paid
 * for when it was rendered): instances look in the shared tier only for renditions some instance charged.
 * @throws internal_error when a copy reads back different bytes twice in a row
 */
export async function migrateRenditions(options: MigrateRenditionsOptions): Promise<RenditionMigrateReport> {
  const ownerOf = await loadRenditionOwners(options.files);
  const counts = { copied: 0, alreadyThere: 0, stale: 0, damaged: 0, bytesCopied: 0 };
  const report = (key: string, outcome: RenditionMigrateOutcome, bytes: number) => options.onProgress?.({ key, outcome, bytes });
  for (const { key, mtimeMs } of await scanRenditions(options.dir, { sweep: false })) {
    const owner = ownerOf(key);
    if (owner === null) {
      counts.stale += 1;
      report(key, 'stale', 0);
      continue;
    }
    const data = await readFile(join(options.dir, key)).catch(() => null);
    if (data === null) {
      // Evicted by a running server since the scan: nothing left to copy.
      counts.stale += 1;
      report(key, 'stale', 0);
      continue;
    }
    if (decodeRendition(data) === null) {
      counts.damaged += 1;
      report(key, 'damaged', 0);
      continue;
    }
    const expected = sha256(data);
    const there = await holdsCopy(options.target, key, data.length, expected);
    if (!there) await copyVerified(options.target, key, data, expected);
    // The file's time is its last use (disk hits touch it); the render, and its charge, can only be older.
    const usedAt = new Date(mtimeMs);
    await options.usage.recordCharged(owner.workspaceId, currentPeriod(usedAt).key, { renditionKey: key, fileId: owner.fileId }, usedAt);
    if (there) counts.alreadyThere += 1;
    else {
      counts.copied += 1;
      counts.bytesCopied += data.length;
    }
    report(key, there ? 'already-there' : 'copied', data.length);
  }
  return counts;
}
