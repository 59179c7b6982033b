import type { Readable } from 'node:stream';

/** One stored object as the driver sees it: `id` is the driver's own name for it (see `BlobStore.idOf`). */
export interface BlobInventoryItem {
  readonly id: string;
  readonly bytes: number;
  readonly modifiedAt: Date;
}

/**
 * Where original images live. Keys are relative `/`-separated paths (see `assertBlobKey`);
 * every driver validates them the same way so a key that works on disk works on S3 too.
 * A missing key is `null`, never an exception.
 */
export interface BlobStore {
  /** Stores `data` under `key` atomically, replacing any old value; a failing stream stores nothing. */
  put(key: string, data: Buffer | Readable): Promise<{ readonly bytes: number }>;
  get(key: string): Promise<Buffer | null>;
  stat(key: string): Promise<{ readonly bytes: number } | null>;
  /** Removes the value; removing a missing key succeeds. */
  delete(key: string): Promise<void>;
  stream(key: string): Promise<Readable | null>;
  /**
   * Every stored object, temp files of interrupted writes included (`convertly storage gc`). Drivers that
   * cannot recover keys from storage (the file system hashes them) name objects by their own `id`.
   */
  inventory(): AsyncIterable<BlobInventoryItem>;
  /** The inventory id `key` is stored under. */
  idOf(key: string): string;
  /** Removes an object by inventory id; a missing one succeeds. */
  deleteById(id: string): Promise<void>;
}
