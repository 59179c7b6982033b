import type { BlobStore, FilesRepository } from '../storage/index.js';
import { loadRenditionOwners } from './current-renditions.js';

/** What `convertly storage gc` found (and, unless a dry run, removed). */
export interface GcReport {
  /** Objects in the blob store. */
  readonly scanned: number;
  /** Objects no file refers to and older than the grace period: removed, or what a real run would remove. */
  readonly unreferenced: readonly { readonly id: string; readonly bytes: number }[];
  /** Unreferenced but younger than the grace period: possibly an upload whose row is being written now. */
  readonly tooRecent: number;
  readonly removed: number;
  readonly dryRun: boolean;
}

export interface GcOptions {
  /** Report only (the default of the command). */
  readonly dryRun: boolean;
  /** Leave objects younger than this alone: an upload stores its blob before its row (default 1 hour). */
  readonly minAgeMs?: number;
  readonly now?: () => Date;
}

export const DEFAULT_GC_MIN_AGE_MS = 60 * 60 * 1000;

/**
 * Finds blobs no file row refers to — what a crash between storing an upload's object and writing its row
 * leaves, or a delete whose blob removal failed — and removes them unless `dryRun`. The row is written after
 * the object, so a blob younger than `minAgeMs` may belong to an upload still under way and is kept.
 */
export async function collectBlobGarbage(files: FilesRepository, blobs: BlobStore, options: GcOptions): Promise<GcReport> {
  const referenced = new Set<string>();
  for await (const file of files.scanAllFiles()) referenced.add(blobs.idOf(file.blobKey));
  return collect(blobs, (id) => referenced.has(id), options);
}

/**
 * The same for the bucket's shared rendition tier (`renditions` is its objects as a blob store): a rendition
 * is unreferenced when its file is gone or has moved to another version (a new focal point), since nothing can
 * ask for it again. The grace period covers a render of a version changed after the files were listed.
 */
export async function collectRenditionGarbage(files: FilesRepository, renditions: BlobStore, options: GcOptions): Promise<GcReport> {
  const ownerOf = await loadRenditionOwners(files);
  return collect(renditions, (id) => ownerOf(id) !== null, options);
}

async function collect(blobs: BlobStore, isReferenced: (id: string) => boolean, options: GcOptions): Promise<GcReport> {
  const cutoff = (options.now?.() ?? new Date()).getTime() - (options.minAgeMs ?? DEFAULT_GC_MIN_AGE_MS);
  const unreferenced: { id: string; bytes: number }[] = [];
  let scanned = 0;
  let tooRecent = 0;
  for await (const item of blobs.inventory()) {
    scanned += 1;
    if (isReferenced(item.id)) continue;
    if (item.modifiedAt.getTime() > cutoff) tooRecent += 1;
    else unreferenced.push({ id: item.id, bytes: item.bytes });
  }
  let removed = 0;
  if (!options.dryRun) {
    for (const item of unreferenced) {
      await blobs.deleteById(item.id);
      removed += 1;
    }
  }
  return { scanned, unreferenced, tooRecent, removed, dryRun: options.dryRun };
}
