// `convertly storage gc` and `convertly storage migrate --to s3`, in-process against a real data folder
// (blobs written by the service itself) and an s3rver bucket, on SQLite and on PostgreSQL (a throwaway schema).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
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
import { listS3Keys } from '../helpers/s3-objects.js';
import { createS3SharedTier } from '../../src/storage/renditions/shared-tier.js';
import { decodeRendition } from '../../src/storage/renditions/rendition-file.js';
import { sampleBytes } from '../fixtures/photos.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

for (const dialect of ['sqlite', 'postgres'] as const) describe(`convertly storage (${dialect})`, () => {
  let app: TestApp;
  let s3: TestS3Server;
  let bucket: S3Bucket;
  const files: { id: string; blobKey: string; bytes: Buffer }[] = [];

  async function run(args: string[], env: Record<string, string> = {}): Promise<string[]> {
    const lines: string[] = [];
    const config = loadConfig({ CONVERTLY_DATA_DIR: app.dataDir, ...(app.config.databaseUrl === undefined ? {} : { DATABASE_URL: app.config.databaseUrl }), ...env });
    await createProgram({ config, stdout: (line) => lines.push(line), stderr: (line) => lines.push(`stderr: ${line}`) }).parseAsync(args, { from: 'user' });
    return lines;
  }

  before(async () => {
    app = await buildTestApp(null, { workerThreads: 0, dialect });
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

  describe('shared renditions', () => {
    const renditionKeys: string[] = [];
    const hash = (n: number) => createHash('sha256').update(String(n)).digest('hex');
    const diskFile = (key: string) => readFile(join(app.dataDir, 'renditions', key));

    before(async () => {
      for (const width of [200, 300]) {
        const response = await app.inject({ method: 'GET', url: `/cdn/${files[0]!.id}?w=${width}&h=200&gravity=center&f=jpeg` });
        assert.equal(response.statusCode, 200);
      }
      // Cache files are written after the answers.
      await app.services.renditions.flush();
      const folder = join(app.dataDir, 'renditions', files[0]!.id);
      for (const name of (await readdir(folder)).sort()) renditionKeys.push(`${files[0]!.id}/${name}`);
      assert.equal(renditionKeys.length, 2);
      const valid = await diskFile(renditionKeys[0]!);
      // A rendition of a deleted file and one of an older version: nothing can ask for them again.
      await mkdir(join(app.dataDir, 'renditions', 'f_deleteddeleteddeleted0'), { recursive: true });
      await writeFile(join(app.dataDir, 'renditions', `f_deleteddeleteddeleted0/v0-${hash(1)}.jpeg`), valid);
      // A cache file cut short (a disk that filled up mid-write on an old version).
      await mkdir(join(app.dataDir, 'renditions', files[1]!.id), { recursive: true });
      await writeFile(join(app.dataDir, 'renditions', `${files[1]!.id}/v0-${hash(2)}.jpeg`), valid.subarray(0, valid.length - 10));
    });

    it('migrate --renditions copies the renditions of current files, verified and resumable, and records them as charged', async () => {
      const first = await run(['storage', 'migrate', '--to', 's3', '--renditions'], s3.env);
      const outcomes = (outcome: string, lines: string[]) => lines.filter((line) => line.startsWith(`rendition ${outcome}\t`)).map((line) => line.split('\t')[1]).sort();
      assert.deepEqual(outcomes('copied', first), renditionKeys);
      assert.deepEqual(outcomes('stale', first), [`f_deleteddeleteddeleted0/v0-${hash(1)}.jpeg`]);
      assert.deepEqual(outcomes('damaged', first), [`${files[1]!.id}/v0-${hash(2)}.jpeg`]);
      assert.match(first.find((line) => line.startsWith('Renditions:')) ?? '', /2 copied.*0 already there, 1 of deleted or changed files skipped, 1 damaged skipped/);
      assert.deepEqual(await listS3Keys(bucket, 'renditions/'), renditionKeys.map((key) => `renditions/${key}`));
      // Another instance reads them as its own renders: same bytes and replay headers.
      const shared = createS3SharedTier(bucket, { prefix: 'renditions' });
      for (const key of renditionKeys) assert.deepEqual(await shared.get(key), decodeRendition(await diskFile(key)));
      // Recorded as charged, so that instances look for them in the bucket (and never charge them again).
      const charged = await app.services.database.db.selectFrom('rendition_charges').select(['rendition_key', 'file_id', 'workspace_id']).orderBy('rendition_key').execute();
      assert.deepEqual(charged, renditionKeys.map((key) => ({ rendition_key: key, file_id: files[0]!.id, workspace_id: 'ws_default' })));

      // A torn copy from an interrupted run is copied again; the other one is verified and skipped.
      const target = createS3BlobStore(bucket, { prefix: 'renditions' });
      await target.put(renditionKeys[1]!, Buffer.from('torn'));
      const again = await run(['storage', 'migrate', '--to', 's3', '--renditions'], s3.env);
      assert.deepEqual(outcomes('copied', again), [renditionKeys[1]]);
      assert.deepEqual(outcomes('already-there', again), [renditionKeys[0]]);
      assert.equal(sha256((await target.get(renditionKeys[1]!)) ?? Buffer.alloc(0)), sha256(await diskFile(renditionKeys[1]!)));
      await assert.rejects(run(['storage', 'migrate', '--to', 's3', '--renditions']), (error: unknown) => isAppError(error) && /S3_BUCKET/.test(error.message));
    });

    it('gc finds shared renditions of deleted files and older versions, dry run by default, and removes them with --delete', async () => {
      const target = createS3BlobStore(bucket, { prefix: 'renditions' });
      const valid = await diskFile(renditionKeys[0]!);
      const orphans = [`f_deleteddeleteddeleted0/v0-${hash(3)}.jpeg`, `${files[0]!.id}/v7-${hash(4)}.jpeg`].sort();
      // Kept: a render that ignores the focal point (v0) and one made at the file's current version.
      for (const key of [`${files[1]!.id}/v0-${hash(5)}.jpeg`, `${files[1]!.id}/v1-${hash(6)}.jpeg`]) await target.put(key, valid);
      for (const key of orphans) await target.put(key, valid);

      const recent = await run(['storage', 'gc'], s3.env);
      assert.match(recent.at(-1) ?? '', /^6 renditions in the shared tier.*0 unreferenced.*2 more are too recent to judge/);

      const dry = await run(['storage', 'gc', '--min-age-hours', '0'], s3.env);
      assert.deepEqual(dry.filter((line) => line.startsWith('unreferenced rendition\t')).map((line) => line.split('\t')[1]).sort(), orphans);
      assert.match(dry.at(-1) ?? '', /2 unreferenced.*nothing removed \(dry run/);
      assert.match(dry.find((line) => line.includes(`s3://${s3.bucket}`)) ?? '', /0 unreferenced/, 'the migrated originals are all referenced');
      assert.equal((await listS3Keys(bucket, 'renditions/')).length, 6, 'a dry run removes nothing');

      const real = await run(['storage', 'gc', '--min-age-hours', '0', '--delete'], s3.env);
      assert.match(real.at(-1) ?? '', /2 removed/);
      assert.equal((await listS3Keys(bucket, 'renditions/')).length, 4, 'current renditions are kept');
      for (const key of orphans) assert.equal(await target.get(key), null);
    });
  });
});
