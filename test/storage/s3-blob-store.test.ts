import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { createS3BlobStore } from '../../src/storage/blobs/s3-blob-store.js';
import { createS3Client, type S3Bucket } from '../../src/storage/s3/s3-client.js';
import { isAppError } from '../../src/errors/app-error.js';
import { blobStoreContract } from './blob-store-contract.js';
import { listS3Keys } from '../helpers/s3-objects.js';
import { startS3rver, useS3rverBucket } from '../helpers/s3rver.js';

/** A fresh prefix per run, so a shared real bucket (S3_TEST_ENDPOINT) keeps runs apart. */
const runPrefix = () => `convertly-test-${randomBytes(6).toString('hex')}`;

function s3Subject(bucket: S3Bucket, onCleanup: () => Promise<void>) {
  const prefix = runPrefix();
  return {
    store: createS3BlobStore(bucket, { prefix }),
    listObjects: () => listS3Keys(bucket, `${prefix}/`),
    cleanup: onCleanup,
  };
}

blobStoreContract('s3 (s3rver)', async () => {
  const server = await startS3rver();
  const bucket = createS3Client(server.clientOptions);
  return s3Subject(bucket, async () => {
    bucket.destroy();
    await server.close();
  });
});

// The same contract against a real endpoint (MinIO, AWS…) when one is given: see README "Testing against MinIO".
const realEndpoint = process.env['S3_TEST_ENDPOINT'];
if (realEndpoint) {
  blobStoreContract(`s3 (${realEndpoint})`, async () => {
    const bucket = createS3Client({
      bucket: process.env['S3_TEST_BUCKET'] ?? 'convertly-test',
      endpoint: realEndpoint,
      region: process.env['S3_TEST_REGION'],
      forcePathStyle: process.env['S3_TEST_FORCE_PATH_STYLE'] !== 'false',
    });
    return s3Subject(bucket, async () => bucket.destroy());
  });
}

describe('createS3BlobStore on s3rver', () => {
  const s3 = useS3rverBucket();

  it('keeps keys under its prefix', async () => {
    const store = createS3BlobStore(s3.bucket, { prefix: 'tenant-a/originals' });
    await store.put('ws/f_1', Buffer.from('x'));
    assert.deepEqual(await listS3Keys(s3.bucket, 'tenant-a/'), ['tenant-a/originals/ws/f_1']);
  });

  it('uploads a stream larger than one part in several parts, byte for byte', async () => {
    const store = createS3BlobStore(s3.bucket, { prefix: 'multipart', partBytes: 5 * 1024 * 1024 });
    const data = randomBytes(11 * 1024 * 1024 + 17);
    const chunks = Array.from({ length: Math.ceil(data.length / 65_536) }, (_, i) => data.subarray(i * 65_536, (i + 1) * 65_536));
    assert.deepEqual(await store.put('big', Readable.from(chunks)), { bytes: data.length });
    assert.ok((await store.get('big'))?.equals(data));
  });

  it('answers storage_unavailable (503, Retry-After) while the endpoint is down, and works again after', async () => {
    const store = createS3BlobStore(s3.bucket, { prefix: 'outage' });
    await store.put('kept', Buffer.from('before'));
    await s3.server.stop();
    try {
      for (const attempt of [() => store.put('new', Buffer.from('x')), () => store.get('kept'), () => store.stat('kept'), () => store.stream('kept')]) {
        await assert.rejects(attempt, (error: unknown) => {
          assert.ok(isAppError(error), String(error));
          assert.equal(error.code, 'storage_unavailable');
          assert.equal(error.status, 503);
          assert.equal(typeof error.details?.['retryAfterSeconds'], 'number');
          return true;
        });
      }
    } finally {
      await s3.server.start();
    }
    assert.equal((await store.get('kept'))?.toString(), 'before');
    assert.equal(await store.get('new'), null, 'the refused put stored nothing');
  });
});
