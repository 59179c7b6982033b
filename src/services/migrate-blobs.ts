import { createHash } from 'node:crypto';
import { AppError } from '../errors/app-error.js';
import type { BlobStore, FilesRepository } from '../storage/index.js';

/** One original's outcome in `convertly storage migrate`. */
export type MigrateOutcome = 'copied' | 'already-there' | 'missing-at-source';

export interface MigrateProgress {
  readonly fileId: string;
  readonly blobKey: string;
  readonly outcome: MigrateOutcome;
  readonly bytes: number;
}

export interface MigrateReport {
  readonly copied: number;
  readonly alreadyThere: number;
  readonly missingAtSource: readonly string[];
  readonly bytesCopied: number;
}

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * Copies every file's original from `source` to `target` (the data folder to the bucket), verifying each:
 * the copy is read back and its SHA-256 compared with the source's. Resumable: an object already in the
 * target with the right hash is skipped, one with the wrong hash (an interrupted earlier run) is copied again.
 * @throws internal_error when a copy reads back different bytes twice in a row
 */
export async function migrateBlobs(
  files: FilesRepository,
  source: BlobStore,
  target: BlobStore,
  onProgress: (progress: MigrateProgress) => void = () => {},
): Promise<MigrateReport> {
  let copied = 0;
  let alreadyThere = 0;
  let bytesCopied = 0;
  const missingAtSource: string[] = [];
  for await (const file of files.scanAllFiles()) {
    const data = await source.get(file.blobKey);
    if (data === null) {
      missingAtSource.push(file.id);
      onProgress({ fileId: file.id, blobKey: file.blobKey, outcome: 'missing-at-source', bytes: 0 });
      continue;
    }
    const expected = sha256(data);
    if (await holdsCopy(target, file.blobKey, data.length, expected)) {
      alreadyThere += 1;
      onProgress({ fileId: file.id, blobKey: file.blobKey, outcome: 'already-there', bytes: data.length });
      continue;
    }
    await copyVerified(target, file.blobKey, data, expected);
    copied += 1;
    bytesCopied += data.length;
    onProgress({ fileId: file.id, blobKey: file.blobKey, outcome: 'copied', bytes: data.length });
  }
  return { copied, alreadyThere, missingAtSource, bytesCopied };
}

/** True when `target` holds `key` with exactly these bytes (size first: no download for a wrong size). */
export async function holdsCopy(target: BlobStore, key: string, bytes: number, expected: string): Promise<boolean> {
  const existing = await target.stat(key);
  return existing !== null && existing.bytes === bytes && (await hashOf(target, key)) === expected;
}

async function hashOf(store: BlobStore, key: string): Promise<string | null> {
  const data = await store.get(key);
  return data === null ? null : sha256(data);
}

/**
 * Puts `data` and reads it back until the SHA-256 matches (twice at most).
 * @throws internal_error when both copies read back different bytes
 */
export async function copyVerified(target: BlobStore, key: string, data: Buffer, expected: string): Promise<void> {
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    await target.put(key, data);
    if ((await hashOf(target, key)) === expected) return;
  }
  throw new AppError('internal_error', `The copy of ${key} reads back with a different SHA-256 twice; the target store is corrupting data`);
}
