import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/config/config.js';
import { isAppError } from '../src/errors/app-error.js';

const refuses = (env: Record<string, string>, variable: string) =>
  assert.throws(
    () => loadConfig(env),
    (error: unknown) => isAppError(error) && error.code === 'invalid_parameter' && error.message.includes(variable),
  );

describe('S3_* configuration', () => {
  it('is off without S3_BUCKET (blobs stay in the data folder)', () => {
    assert.equal(loadConfig({}).s3, undefined);
    assert.equal(loadConfig({ S3_ENDPOINT: 'http://127.0.0.1:9000' }).s3, undefined);
  });

  it('reads bucket, endpoint, region, prefix and path style; an endpoint defaults to path style', () => {
    assert.deepEqual(loadConfig({ S3_BUCKET: 'images', S3_ENDPOINT: 'http://minio:9000', S3_PREFIX: '/prod/convertly/' }).s3, {
      bucket: 'images',
      endpoint: 'http://minio:9000',
      region: undefined,
      prefix: 'prod/convertly',
      forcePathStyle: true,
      credentials: undefined,
    });
    const aws = loadConfig({ S3_BUCKET: 'images', S3_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AK', AWS_SECRET_ACCESS_KEY: 'SK' }).s3;
    assert.equal(aws?.endpoint, undefined);
    assert.equal(aws?.forcePathStyle, false, 'AWS itself uses virtual-hosted buckets');
    assert.equal(aws?.region, 'eu-west-1');
    assert.deepEqual(aws?.credentials, { accessKeyId: 'AK', secretAccessKey: 'SK' });
    assert.equal(loadConfig({ S3_BUCKET: 'images', S3_ENDPOINT: 'https://r2.example', S3_FORCE_PATH_STYLE: 'false' }).s3?.forcePathStyle, false);
  });

  it('refuses a malformed bucket, endpoint, prefix or S3_FORCE_PATH_STYLE, naming the variable', () => {
    refuses({ S3_BUCKET: 'Not_A_Bucket' }, 'S3_BUCKET');
    refuses({ S3_BUCKET: 'images', S3_ENDPOINT: 'minio:9000' }, 'S3_ENDPOINT');
    refuses({ S3_BUCKET: 'images', S3_ENDPOINT: 'ftp://minio' }, 'S3_ENDPOINT');
    refuses({ S3_BUCKET: 'images', S3_PREFIX: 'a/../b' }, 'S3_PREFIX');
    refuses({ S3_BUCKET: 'images', S3_FORCE_PATH_STYLE: 'maybe' }, 'S3_FORCE_PATH_STYLE');
  });
});
