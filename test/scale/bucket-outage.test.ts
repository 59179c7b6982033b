// Issue 13 point 5: with the bucket down, uploads answer 503 storage_unavailable with Retry-After and store
// nothing, renders held in memory or on disk still answer, /readyz says so, nothing crashes; when the bucket
// returns everything works again without a restart. One instance (SQLite), s3rver stopped and started.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.js';
import { startS3rver, type TestS3Server } from '../helpers/s3rver.js';
import { listS3Keys } from '../helpers/s3-objects.js';
import { createS3Client } from '../../src/storage/s3/s3-client.js';
import { sampleBytes } from '../fixtures/photos.js';

describe('the bucket goes away and comes back', () => {
  let s3: TestS3Server;
  let app: TestApp;
  before(async () => {
    s3 = await startS3rver();
    app = await buildTestApp(null, { listen: true, workerThreads: 0, env: s3.env });
  });
  after(async () => {
    await app?.close();
    await s3?.close();
  });

  const upload = (bytes: Buffer) => app.fetch('/api/files', { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: bytes });
  const count = async () => ((await (await app.fetch('/api/files')).json()) as { items: unknown[] }).items.length;

  it('keeps serving what it holds, refuses uploads with 503 and Retry-After, and recovers without a restart', async () => {
    const created = await upload(sampleBytes(2));
    assert.equal(created.status, 201);
    const { id } = (await created.json()) as { id: string };
    assert.equal((await app.fetch('/readyz')).status, 200);
    const rendered = await app.fetch(`/cdn/${id}?w=200&h=200`);
    assert.equal(rendered.status, 200);
    const renderedBytes = Buffer.from(await rendered.arrayBuffer());
    const filesBefore = await count();

    await s3.stop();
    try {
      const ready = await app.fetch('/readyz');
      assert.equal(ready.status, 503);
      assert.equal(((await ready.json()) as { checks: Record<string, string> }).checks['database'], 'ok');
      assert.equal((await app.fetch('/healthz')).status, 200, 'liveness does not depend on the bucket');

      const refused = await upload(sampleBytes(3));
      assert.equal(refused.status, 503);
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
      assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'storage_unavailable');
      assert.equal(await count(), filesBefore, 'no record for the refused upload');

      const hit = await app.fetch(`/cdn/${id}?w=200&h=200`);
      assert.equal(hit.status, 200);
      assert.equal(hit.headers.get('x-convertly-cache'), 'hit');
      assert.ok(Buffer.from(await hit.arrayBuffer()).equals(renderedBytes));

      const miss = await app.fetch(`/cdn/${id}?w=300&h=100`);
      assert.equal(miss.status, 503, 'a render that needs the original waits for the bucket, it is not a 500');
      assert.equal(((await miss.json()) as { error: { code: string } }).error.code, 'storage_unavailable');
    } finally {
      await s3.start();
    }

    assert.equal((await app.fetch('/readyz')).status, 200);
    const again = await upload(sampleBytes(3));
    assert.equal(again.status, 201);
    assert.equal((await app.fetch(`/cdn/${id}?w=300&h=100`)).status, 200);
    // Exactly the two accepted originals are in the bucket: the refused one left nothing behind.
    const bucket = createS3Client(s3.clientOptions);
    try {
      assert.equal((await listS3Keys(bucket, 'originals/')).length, 2);
    } finally {
      bucket.destroy();
    }
  });
});
