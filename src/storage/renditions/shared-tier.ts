import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Bucket } from '../s3/s3-client.js';
import { joinS3Key } from '../s3/s3-config.js';
import { isS3NotFound, wrapS3Error } from '../s3/s3-errors.js';
import { decodeRendition, encodeRendition, type RenditionEntry } from './rendition-file.js';

/**
 * The rendition tier every instance shares: a render made on one instance is a hit on the others.
 * Keys are rendition keys (`<fileId>/v<version>-<hash>.<format>`), already safe as object keys.
 */
export interface SharedTier {
  get(key: string): Promise<RenditionEntry | null>;
  put(key: string, entry: RenditionEntry): Promise<void>;
  /** Removes every rendition of a file. */
  deleteFile(fileId: string): Promise<void>;
}

/**
 * The shared tier in the bucket under `prefix` (`S3_PREFIX` + `renditions`). An object holds the same
 * self-checking format as a disk-tier file (bytes and replay headers together, with the body length), so
 * one PUT publishes a whole rendition and a damaged object is dropped, never served.
 */
export function createS3SharedTier(bucket: S3Bucket, options: { readonly prefix: string }): SharedTier {
  const { client } = bucket;
  const objectKey = (key: string) => joinS3Key(options.prefix, key);
  return {
    async get(key) {
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket: bucket.bucket, Key: objectKey(key) }));
        const body = answer.Body;
        if (body === undefined) return null;
        return decodeRendition(Buffer.from(await body.transformToByteArray()));
      } catch (error) {
        if (isS3NotFound(error)) return null;
        throw wrapS3Error(error, `read shared rendition ${key}`);
      }
    },
    async put(key, entry) {
      const file = encodeRendition(entry);
      try {
        await client.send(new PutObjectCommand({ Bucket: bucket.bucket, Key: objectKey(key), Body: file, ContentLength: file.length }));
      } catch (error) {
        throw wrapS3Error(error, `store shared rendition ${key}`);
      }
    },
    async deleteFile(fileId) {
      const Prefix = objectKey(`${fileId}/`);
      try {
        let token: string | undefined;
        do {
          const page = await client.send(new ListObjectsV2Command({ Bucket: bucket.bucket, Prefix, ...(token ? { ContinuationToken: token } : {}) }));
          // One DELETE per object: multi-object delete needs a Content-MD5 that several S3-compatible servers check differently.
          await Promise.all((page.Contents ?? []).map((object) => client.send(new DeleteObjectCommand({ Bucket: bucket.bucket, Key: object.Key }))));
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token !== undefined);
      } catch (error) {
        throw wrapS3Error(error, `delete the shared renditions of ${fileId}`);
      }
    },
  };
}
