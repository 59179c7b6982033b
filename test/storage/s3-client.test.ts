import assert from 'node:assert/strict';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, it } from 'node:test';
import { isS3NotFound, isS3Unavailable } from '../../src/storage/s3/s3-errors.js';
import { useS3rverBucket } from '../helpers/s3rver.js';

describe('createS3Client against s3rver', () => {
  const s3 = useS3rverBucket();

  it('stores bytes exactly (no aws-chunked framing or checksum trailer in the object)', async () => {
    const body = Buffer.from('exact bytes');
    await s3.bucket.client.send(new PutObjectCommand({ Bucket: s3.bucket.bucket, Key: 'k', Body: body }));
    const got = await s3.bucket.client.send(new GetObjectCommand({ Bucket: s3.bucket.bucket, Key: 'k' }));
    assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), body);
  });

  it('tells a missing key from an unreachable endpoint, and reconnects when the server is back', async () => {
    await assert.rejects(s3.bucket.client.send(new GetObjectCommand({ Bucket: s3.bucket.bucket, Key: 'missing' })), (error: unknown) => isS3NotFound(error));
    await s3.server.stop();
    try {
      await assert.rejects(s3.bucket.client.send(new GetObjectCommand({ Bucket: s3.bucket.bucket, Key: 'k' })), (error: unknown) => isS3Unavailable(error));
    } finally {
      await s3.server.start();
    }
    const got = await s3.bucket.client.send(new GetObjectCommand({ Bucket: s3.bucket.bucket, Key: 'k' }));
    assert.equal(Buffer.from(await got.Body!.transformToByteArray()).toString(), 'exact bytes');
  });
});
