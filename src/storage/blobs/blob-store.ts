import type { Readable } from 'node:stream';

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
}
