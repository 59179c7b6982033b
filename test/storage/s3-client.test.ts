import assert from 'node:assert/strict';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { after, before, describe, it } from 'node:test';
import { createS3Client, type S3Bucket } from '../../src/storage/s3/s3-client.js';
import { isS3NotFound, isS3Unavailable } from '../../src/storage/s3/s3-errors.js';
import { startS3rver, type TestS3Server } from '../helpers/s3rver.js';

describe('createS3Client against s3rver', () => {
  let server: TestS3Server;
  let bucket: S3Bucket;
  before(async () => {
    server = await startS3rver();
    bucket = createS3Client(server.clientOptions);
  });
  after(async () => {
    bucket.destroy();
    await server.close();
  });

  it('stores bytes exactly (no aws-chunked framing or checksum trailer in the object)', async () => {
    const body = Buffer.from('exact bytes');
    await bucket.client.send(new PutObjectCommand({ Bucket: bucket.bucket, Key: 'k', Body: body }));
    const got = await bucket.client.send(new GetObjectCommand({ Bucket: bucket.bucket, Key: 'k' }));
    assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), body);
  });

  it('tells a missing key from an unreachable endpoint, and reconnects when the server is back', async () => {
    await assert.rejects(bucket.client.send(new GetObjectCommand({ Bucket: bucket.bucket, Key: 'missing' })), (error: unknown) => isS3NotFound(error));
    await server.stop();
    try {
      await assert.rejects(bucket.client.send(new GetObjectCommand({ Bucket: bucket.bucket, Key: 'k' })), (error: unknown) => isS3Unavailable(error));
    } finally {
      await server.start();
    }
    const got = await bucket.client.send(new GetObjectCommand({ Bucket: bucket.bucket, Key: 'k' }));
    assert.equal(Buffer.from(await got.Body!.transformToByteArray()).toString(), 'exact bytes');
  });
});
