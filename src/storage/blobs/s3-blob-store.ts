import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { S3Bucket } from '../s3/s3-client.js';
import { joinS3Key } from '../s3/s3-config.js';
import { isS3NotFound, wrapS3Error } from '../s3/s3-errors.js';
import { assertBlobKey, isBlobKey } from './blob-key.js';
import { invalidParameter } from '../../errors/app-error.js';
import type { BlobStore } from './blob-store.js';

export interface S3BlobStoreOptions {
  /** Prepended to every key (`S3_PREFIX` + `originals`), without a trailing slash; '' for none. */
  readonly prefix: string;
  /** Streams up to this size go up in one PUT; larger ones in parts of this size (S3's minimum is 5 MiB). */
  readonly partBytes?: number;
}

const DEFAULT_PART_BYTES = 8 * 1024 * 1024;

/** Counts what passes through, so a streamed put can report its size without buffering it. */
async function* counted(source: Readable, total: { bytes: number }): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    total.bytes += buffer.length;
    yield buffer;
  }
}

/**
 * A `BlobStore` in an S3-compatible bucket. S3 makes a PUT (and a completed multipart upload) visible
 * whole or not at all, so a failed stream stores nothing and an overwrite keeps the old value until the
 * new one is complete: the same atomicity as the file-system driver, without temp objects.
 * Streams go through `@aws-sdk/lib-storage`: small ones in one PUT, large originals in parts (aborted on
 * failure, so no orphaned parts are billed).
 */
export function createS3BlobStore(bucket: S3Bucket, options: S3BlobStoreOptions): BlobStore {
  const { client } = bucket;
  const objectKey = (key: string) => {
    assertBlobKey(key);
    return joinS3Key(options.prefix, key);
  };
  const partSize = Math.max(options.partBytes ?? DEFAULT_PART_BYTES, 5 * 1024 * 1024);

  const open = async (key: string, action: string) => {
    const Key = objectKey(key);
    try {
      const answer = await client.send(new GetObjectCommand({ Bucket: bucket.bucket, Key }));
      return answer.Body as Readable;
    } catch (error) {
      if (isS3NotFound(error)) return null;
      throw wrapS3Error(error, `${action} blob ${key}`);
    }
  };

  return {
    async put(key, data) {
      const Key = objectKey(key);
      try {
        if (Buffer.isBuffer(data)) {
          await client.send(new PutObjectCommand({ Bucket: bucket.bucket, Key, Body: data, ContentLength: data.length }));
          return { bytes: data.length };
        }
        const total = { bytes: 0 };
        const upload = new Upload({
          client,
          params: { Bucket: bucket.bucket, Key, Body: Readable.from(counted(data, total)) },
          partSize,
          queueSize: 2,
          leavePartsOnError: false,
        });
        await upload.done();
        return { bytes: total.bytes };
      } catch (error) {
        // A source stream that failed may still be flowing; stop it so its resources are freed.
        if (!Buffer.isBuffer(data) && !data.destroyed) data.destroy();
        throw wrapS3Error(error, `store blob ${key}`);
      }
    },
    async get(key) {
      const body = await open(key, 'read');
      if (body === null) return null;
      try {
        const chunks: Buffer[] = [];
        for await (const chunk of body) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks);
      } catch (error) {
        throw wrapS3Error(error, `read blob ${key}`);
      }
    },
    async stat(key) {
      const Key = objectKey(key);
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket.bucket, Key }));
        return { bytes: head.ContentLength ?? 0 };
      } catch (error) {
        if (isS3NotFound(error)) return null;
        throw wrapS3Error(error, `inspect blob ${key}`);
      }
    },
    async delete(key) {
      const Key = objectKey(key);
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket.bucket, Key }));
      } catch (error) {
        if (isS3NotFound(error)) return;
        throw wrapS3Error(error, `delete blob ${key}`);
      }
    },
    stream: (key) => open(key, 'read'),
    async *inventory() {
      // Keys are recoverable on S3: the inventory id is the blob key itself.
      const Prefix = options.prefix === '' ? undefined : `${options.prefix}/`;
      let token: string | undefined;
      do {
        let page;
        try {
          page = await client.send(new ListObjectsV2Command({ Bucket: bucket.bucket, ...(Prefix ? { Prefix } : {}), ...(token ? { ContinuationToken: token } : {}) }));
        } catch (error) {
          throw wrapS3Error(error, 'list blobs');
        }
        for (const object of page.Contents ?? []) {
          if (object.Key === undefined) continue;
          yield { id: Prefix ? object.Key.slice(Prefix.length) : object.Key, bytes: object.Size ?? 0, modifiedAt: object.LastModified ?? new Date(0) };
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
    },
    idOf(key) {
      assertBlobKey(key);
      return key;
    },
    async deleteById(id) {
      if (!isBlobKey(id)) throw invalidParameter('id', 'a blob key', id);
      await this.delete(id);
    },
  };
}
