import type { RenditionEntry } from '../../src/storage/renditions/rendition-file.js';
import { renditionKey } from '../../src/storage/renditions/rendition-key.js';

export const FILE_A = 'f_aaaaaaaaaaaaaaaaaaaa';
export const FILE_B = 'f_bbbbbbbbbbbbbbbbbbbb';

/** The key of rendition `n` of a file (different params per n). */
export function keyOf(fileId: string, n: number, version = 1): string {
  return renditionKey({ fileId, version, params: `w=${100 + n}&f=webp`, format: 'webp' });
}

/** An entry whose body is `bytes` copies of `fill`, with headers to prove metadata round-trips. */
export function entryOf(fill: number, bytes = 1_000): RenditionEntry {
  return {
    body: Buffer.alloc(bytes, fill),
    contentType: 'image/webp',
    etag: `"etag-${fill}"`,
    headers: { 'x-convertly-focus': 'face', 'x-convertly-window': `0,0,${fill},${fill}` },
  };
}

/** A promise with its resolve and reject exposed, to hold a render open. */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}
