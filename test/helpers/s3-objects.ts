// Reads a bucket's listing directly, so tests can see what really exists underneath a driver.
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { S3Bucket } from '../../src/storage/s3/s3-client.js';

/** Every object key under `prefix` (all of them for ''), sorted. */
export async function listS3Keys(bucket: S3Bucket, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await bucket.client.send(
      new ListObjectsV2Command({ Bucket: bucket.bucket, ...(prefix ? { Prefix: prefix } : {}), ...(token ? { ContinuationToken: token } : {}) }),
    );
    for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys.sort();
}
