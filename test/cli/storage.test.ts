// `convertly storage gc` and `convertly storage migrate --to s3`, in-process against a real data folder
// (SQLite, blobs written by the service itself) and an s3rver bucket.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createProgram } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/config.js';
import { isAppError } from '../../src/errors/app-error.js';
import { createFsBlobStore, fsBlobPath } from '../../src/storage/blobs/fs-blob-store.js';
import { createS3BlobStore } from '../../src/storage/blobs/s3-blob-store.js';
import { createS3Client, type S3Bucket } from '../../src/storage/s3/s3-client.js';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.js';
import { startS3rver, type TestS3Server } from '../helpers/s3rver.js';
import { sampleBytes } from '../fixtures/photos.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('convertly storage', () => {
  let app: TestApp;
  let s3: TestS3Server;
  let bucket: S3Bucket;
  const files: { id: string; blobKey: string; bytes: Buffer }[] = [];

  async function run(args: string[], env: Record<string, string> = {}): Promise<string[]> {
    const lines: string[] = [];
    const config = loadConfig({ CONVERTLY_DATA_DIR: app.dataDir, ...env });
    await createProgram({ config, stdout: (line) => lines.push(line), stderr: (line) => lines.push(`stderr: ${line}`) }).parseAsync(args, { from: 'user' });
    return lines;
  }

  before(async () => {
    app = await buildTestApp(null, { workerThreads: 0 });
    s3 = await startS3rver();
    bucket = createS3Client(s3.clientOptions);
    for (const n of [2, 3]) {
      const response = await app.inject({ method: 'POST', url: '/api/files', headers: { 'content-type': 'image/jpeg' }, payload: sampleBytes(n) });
      assert.equal(response.statusCode, 201);
      const record = await app.services.files.getFile('ws_default', (response.json() as { id: string }).id);
      assert.ok(record);
      files.push({ id: record.id, blobKey: record.blobKey, bytes: sampleBytes(n) });
    }
  });
  after(async () => {
    bucket?.destroy();
    await s3?.close();
    await app?.close();
  });

  it('gc lists unreferenced originals without removing them, then removes them with --delete', async () => {
    const blobs = createFsBlobStore(join(app.dataDir, 'blobs'));
    // What a crash between storing an upload and writing its row leaves behind, two hours ago.
    await blobs.put('ws_default/f_orphanorphanorphan00', Buffer.from('orphan'));
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    await utimes(fsBlobPath(join(app.dataDir, 'blobs'), 'ws_default/f_orphanorphanorphan00'), twoHoursAgo, twoHoursAgo);
    // And one from an upload that may still be writing its row.
    await blobs.put('ws_default/f_youngyoungyoungyo00', Buffer.from('young'));

    const dry = await run(['storage', 'gc']);
    assert.equal(dry.filter((line) => line.startsWith('unreferenced\t')).length, 1);
    assert.match(dry.at(-1) ?? '', /^4 objects in the data folder/);
    assert.match(dry.at(-1) ?? '', /1 unreferenced.*nothing removed.*--delete.*1 more are too recent/);
    assert.ok(await blobs.get('ws_default/f_orphanorphanorphan00'), 'a dry run removes nothing');

    const real = await run(['storage', 'gc', '--delete']);
    assert.match(real.at(-1) ?? '', /1 removed/);
    assert.equal(await blobs.get('ws_default/f_orphanorphanorphan00'), null);
    assert.ok(await blobs.get('ws_default/f_youngyoungyoungyo00'), 'too recent to judge: kept');
    for (const file of files) assert.ok((await blobs.get(file.blobKey))?.equals(file.bytes), 'referenced originals are untouched');
    await assert.rejects(run(['storage', 'gc', '--min-age-hours', '-1']), (error: unknown) => isAppError(error) && error.code === 'invalid_parameter');
  });

  it('migrate --to s3 copies every original, verified, resumable, and prints what to set', async () => {
    const target = createS3BlobStore(bucket, { prefix: 'originals' });
    const first = await run(['storage', 'migrate', '--to', 's3'], s3.env);
    assert.equal(first.filter((line) => line.startsWith('copied\t')).length, files.length);
    assert.ok(first.includes(`  S3_BUCKET=${s3.bucket}`));
    assert.ok(first.includes(`  S3_ENDPOINT=${s3.endpoint}`));
    for (const file of files) assert.equal(sha256((await target.get(file.blobKey)) ?? Buffer.alloc(0)), sha256(file.bytes));

    // An interrupted earlier run left a damaged copy of one: the next run copies that one again, skips the rest.
    await target.put(files[0]!.blobKey, Buffer.from('torn'));
    const again = await run(['storage', 'migrate', '--to', 's3'], s3.env);
    const inIdOrder = [...files].sort((x, y) => (x.id < y.id ? -1 : 1));
    assert.deepEqual(
      again.filter((line) => /^(copied|already-there)\t/.test(line)),
      inIdOrder.map((file) => `${file === files[0] ? 'copied' : 'already-there'}\t${file.id}\t${file.bytes.length}`),
    );
    assert.ok((await target.get(files[0]!.blobKey))?.equals(files[0]!.bytes));
  });

  it('migrate refuses a target other than s3, and runs only with S3_BUCKET set', async () => {
    await assert.rejects(run(['storage', 'migrate', '--to', 'gcs'], s3.env), (error: unknown) => isAppError(error) && error.code === 'invalid_parameter' && /--to/.test(error.message));
    await assert.rejects(run(['storage', 'migrate', '--to', 's3']), (error: unknown) => isAppError(error) && /S3_BUCKET/.test(error.message));
  });
});
