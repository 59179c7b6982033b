// Issue 14 §1 (s3 kind): a bucket with a prefix, on s3rver started by the test (real HTTP, the blob store's S3
// client code): first request fetches and renders, then hits; a changed object is picked up after the TTL; a
// missing key is a 404; an endpoint on a private address is refused unless allowed.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { createS3Client } from '../../src/storage/s3/s3-client.js';
import { sampleBytes } from '../fixtures/photos.js';
import { buildTestApp, suiteScope, type TestApp } from '../helpers/build-test-app.js';
import { S3RVER_CREDENTIALS, startS3rver } from '../helpers/s3rver.js';

describe('s3 sources', () => {
  const scope = suiteScope();

  it('renders objects under the prefix, revalidates after the TTL, and 404s a missing key', async () => {
    const s3 = await startS3rver({ bucket: 'acme-media' });
    scope.after(() => s3.close());
    const writer = createS3Client(s3.clientOptions);
    scope.after(() => writer.destroy());
    const put = (Key: string, Body: Buffer) => writer.client.send(new PutObjectCommand({ Bucket: 'acme-media', Key, Body, ContentType: 'image/jpeg' }));
    await put('catalog/shoes/red.jpg', sampleBytes(3));
    const app: TestApp = await buildTestApp(scope, { env: { SOURCES_ALLOW_PRIVATE: '127.0.0.1/32', SOURCES_TTL_SECONDS: '1' } });
    const added = await app.inject({
      method: 'POST',
      url: '/api/sources',
      payload: { name: 'catalog', kind: 's3', bucket: 'acme-media', prefix: 'catalog/', endpoint: s3.endpoint, region: 'us-east-1', ...S3RVER_CREDENTIALS },
    });
    assert.equal(added.statusCode, 201, added.body);
    const url = '/src/catalog/shoes/red.jpg?w=200&h=200&gravity=north';
    const first = await app.inject({ method: 'GET', url });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.headers['x-convertly-cache'], 'miss');
    assert.equal(first.headers['x-convertly-focus'], 'north');
    const second = await app.inject({ method: 'GET', url });
    assert.equal(second.headers['x-convertly-cache'], 'hit');
    await sleep(1100);
    const unchanged = await app.inject({ method: 'GET', url });
    assert.equal(unchanged.headers.etag, first.headers.etag, 'a 304 from the bucket keeps the copy');
    await put('catalog/shoes/red.jpg', sampleBytes(5));
    await sleep(1100);
    const changed = await app.inject({ method: 'GET', url: '/src/catalog/shoes/red.jpg?w=200' });
    const expected = await sharp(sampleBytes(5)).metadata();
    const height = (await sharp(changed.rawPayload).metadata()).height ?? 0;
    assert.ok(Math.abs(height - (200 * expected.height!) / expected.width!) <= 1, `the new object's aspect: ${height}`);
    const missing = await app.inject({ method: 'GET', url: '/src/catalog/shoes/none.jpg?w=10' });
    assert.equal(missing.statusCode, 404, missing.body);
    assert.equal(missing.json().error.code, 'not_found');
    // Outside the prefix is out of reach: the key is always prefix + path.
    await put('private/secret.jpg', sampleBytes(2));
    assert.equal((await app.inject({ method: 'GET', url: '/src/catalog/..%2Fprivate/secret.jpg' })).statusCode, 400);
  });

  it('an endpoint on a private address is refused (403) without SOURCES_ALLOW_PRIVATE; a stopped bucket is 502', async () => {
    const s3 = await startS3rver({ bucket: 'closed' });
    scope.after(() => s3.close());
    const strict = await buildTestApp(scope, { workerThreads: 0 });
    const body = { kind: 's3', bucket: 'closed', endpoint: s3.endpoint, ...S3RVER_CREDENTIALS };
    assert.equal((await strict.inject({ method: 'POST', url: '/api/sources', payload: { name: 'ip', ...body } })).statusCode, 201);
    assert.equal((await strict.inject({ method: 'POST', url: '/api/sources', payload: { name: 'named', ...body, endpoint: `http://localhost:${s3.port}` } })).statusCode, 201);
    for (const name of ['ip', 'named']) {
      const refused = await strict.inject({ method: 'GET', url: `/src/${name}/a.jpg?w=10` });
      assert.equal(refused.statusCode, 403, refused.body);
      assert.equal(refused.json().error.code, 'forbidden');
    }
    const allowed = await buildTestApp(scope, { workerThreads: 0, env: { SOURCES_ALLOW_PRIVATE: '127.0.0.1/32', SOURCES_TIMEOUT_MS: '3000' } });
    assert.equal((await allowed.inject({ method: 'POST', url: '/api/sources', payload: { name: 'down', ...body } })).statusCode, 201);
    await s3.stop();
    const down = await allowed.inject({ method: 'GET', url: '/src/down/a.jpg?w=10' });
    assert.equal(down.statusCode, 502, down.body);
    assert.equal(down.json().error.code, 'origin_unavailable');
  });
});
