// Issue 12, item 3: a full disk, for real — the data folder on a 24 MB tmpfs (mount needs root, as CI and this
// machine have), filled to the last byte. Every write answers 503 storage_full with nothing charged or
// half-written, deletes still work (the STORAGE_RESERVE_BYTES reserve), and freeing space brings uploads back.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.js';
import { assertError, smallPhoto, uploadViaInject } from '../http/helpers/http-fixtures.js';
import { makeTempDir, removeDir } from '../storage/temp-dir.js';

/** Writes 256 KB chunks until the volume refuses (ENOSPC): the disk is then full to the byte. */
async function fillDisk(path: string): Promise<void> {
  const handle = await open(path, 'w');
  const chunk = Buffer.alloc(256 * 1024, 7);
  try {
    for (;;) await handle.write(chunk);
  } catch (error) {
    assert.equal((error as NodeJS.ErrnoException).code, 'ENOSPC');
  } finally {
    await handle.close();
  }
  // The last partial chunk: fill the remaining bytes too.
  const tail = await open(path, 'a');
  try {
    for (;;) await tail.write(Buffer.alloc(4096, 7));
  } catch {
    // full
  } finally {
    await tail.close();
  }
}

describe('a full disk', () => {
  let mountPoint = '';
  let app: TestApp;
  const previousTmp = process.env.TMPDIR;

  before(async () => {
    mountPoint = await makeTempDir('tmpfs');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mountPoint]);
    // buildTestApp makes its data folder under the OS temp dir: here, on the small volume.
    process.env.TMPDIR = mountPoint;
    try {
      app = await buildTestApp(null, { workerThreads: 1, env: { STORAGE_RESERVE_BYTES: String(2 * 1024 * 1024) } });
    } finally {
      if (previousTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previousTmp;
    }
    assert.ok(app.dataDir.startsWith(mountPoint));
  });

  after(async () => {
    await app?.close();
    if (mountPoint !== '') {
      execFileSync('umount', [mountPoint]);
      await removeDir(mountPoint);
    }
  });

  it('answers 503 storage_full for every write, charges nothing, lets deletes through, and recovers', async () => {
    const photo = await smallPhoto(2, 480);
    const kept = await uploadViaInject(app, photo);
    const doomed = await uploadViaInject(app, photo);
    const usage = async () => (await app.inject({ method: 'GET', url: '/api/usage' })).json<{ used: number }>().used;
    const usedBefore = await usage();
    const filler = join(mountPoint, 'filler');
    await fillDisk(filler);

    const upload = await app.inject({ method: 'POST', url: '/api/files', headers: { 'content-type': 'image/jpeg' }, payload: photo });
    assertError(upload, 503, 'storage_full', undefined, 'upload');
    const analyze = await app.inject({ method: 'POST', url: '/api/images/analyze', payload: { fileId: kept.id } });
    assertError(analyze, 503, 'storage_full', undefined, 'analyze');
    assert.equal(await usage(), usedBefore, 'a failed analyze is not charged');
    const focal = await app.inject({ method: 'PUT', url: `/api/files/${kept.id}/focal`, payload: { x: 0.3, y: 0.6 } });
    assertError(focal, 503, 'storage_full', undefined, 'focal');
    const key = await app.inject({ method: 'POST', url: '/api/keys', payload: { kind: 'delivery', name: 'site' } });
    assertError(key, 503, 'storage_full', undefined, 'keys');

    // Space can be freed through the API on a full disk.
    const removed = await app.inject({ method: 'DELETE', url: `/api/files/${doomed.id}` });
    assert.equal(removed.statusCode, 204, removed.body);
    assert.equal((await app.inject({ method: 'GET', url: `/api/files/${doomed.id}` })).statusCode, 404);
    const stillThere = await app.inject({ method: 'GET', url: `/api/files/${kept.id}` });
    assert.equal(stillThere.statusCode, 200);
    assert.equal(stillThere.json<{ focal: unknown }>().focal, null, 'the refused focal edit left nothing behind');
    assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);

    await rm(filler);
    const again = await app.inject({ method: 'POST', url: '/api/files', headers: { 'content-type': 'image/jpeg' }, payload: photo });
    assert.equal(again.statusCode, 201, again.body);
    const analyzed = await app.inject({ method: 'POST', url: '/api/images/analyze', payload: { fileId: kept.id } });
    assert.equal(analyzed.statusCode, 200, analyzed.body);
    assert.equal(await usage(), usedBefore + 1);
  });
});
