// Uploads are atomic (SPEC §3): when the row cannot be written, or ?analyze=1 fails after the
// blob is down, or the database is gone, the client gets an error and the data dir keeps no
// blob, no temp file and no row of the failed upload.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import type { Services } from '../../src/services/create-services.js';
import type { DetectorPool } from '../../src/workers/detector-pool.js';
import { buildTestApp, suiteScope, type TestApp } from '../helpers/build-test-app.js';
import { listFilesDeep } from '../storage/temp-dir.js';
import { assertError, multipartBody, smallPhoto, type FileJson } from './helpers/http-fixtures.js';

let testApp: TestApp;
let services: Services;
let photo: Buffer;
let dataDir: string;
/** When set, every detector call fails (as a crashed worker would). */
let detectorsFail = false;

/** The real pool behind a switch that makes detection fail. */
function switchablePool(pool: DetectorPool): DetectorPool {
  const broken = () => Promise.reject(new Error('simulated detector crash'));
  return {
    faces: (...args) => (detectorsFail ? broken() : pool.faces(...args)),
    objects: (...args) => (detectorsFail ? broken() : pool.objects(...args)),
    smartCrop: (...args) => (detectorsFail ? broken() : pool.smartCrop(...args)),
    describe: (...args) => (detectorsFail ? broken() : pool.describe(...args)),
    status: () => pool.status(),
    get queueSize() {
      return pool.queueSize;
    },
    destroy: () => pool.destroy(),
  };
}

const scope = suiteScope();
before(async () => {
  testApp = await buildTestApp(scope, { wrapServices: (real) => ({ ...real, pool: switchablePool(real.pool), close: () => real.close() }) });
  ({ services, dataDir } = testApp);
  photo = await smallPhoto(5, 480);
});

const inject = (options: InjectOptions) => testApp.inject(options);
const upload = (url = '/api/files') => inject({ method: 'POST', url, ...multipartBody(photo, { filename: 'atomic.jpg' }) });
const rawUpload = (url = '/api/files') => inject({ method: 'POST', url, payload: photo, headers: { 'content-type': 'image/jpeg' } });

/** Everything on disk under blobs/ (temp files included: they start with "."). */
const blobFiles = () => listFilesDeep(join(dataDir, 'blobs'));
const tempFiles = async () => (await listFilesDeep(dataDir)).filter((path) => /(^|\/)\.[^/]*\.tmp$/.test(path));
const rowCount = async () => Number((await sql<{ n: number }>`select count(*) as n from files`.execute(services.database.db)).rows[0]?.n);

describe('atomic uploads', () => {
  it('a stored upload leaves exactly one blob and one row (the baseline)', async () => {
    const response = await upload();
    assert.equal(response.statusCode, 201, response.body);
    assert.equal((await blobFiles()).length, 1);
    assert.equal(await rowCount(), 1);
    assert.deepEqual(await tempFiles(), []);
  });

  it('a failing row insert leaves no blob and no row', async () => {
    const blobsBefore = await blobFiles();
    const rowsBefore = await rowCount();
    await sql`create trigger refuse_files before insert on files begin select raise(abort, 'simulated insert failure'); end`.execute(services.database.db);
    try {
      for (const send of [() => upload(), () => rawUpload(), () => upload('/api/files?analyze=1')]) {
        const response = await send();
        assertError(response, 500, 'internal_error', /request id/);
        assert.doesNotMatch(response.body, /simulated|sqlite|trigger/i, 'the database error stays in the log');
      }
    } finally {
      await sql`drop trigger refuse_files`.execute(services.database.db);
    }
    assert.deepEqual(await blobFiles(), blobsBefore);
    assert.deepEqual(await tempFiles(), []);
    assert.equal(await rowCount(), rowsBefore);
    assert.equal((await upload()).statusCode, 201, 'uploads work again');
  });

  it('?analyze=1 whose analysis fails stores nothing', async () => {
    const blobsBefore = await blobFiles();
    const rowsBefore = await rowCount();
    detectorsFail = true;
    try {
      assertError(await upload('/api/files?analyze=1'), 500, 'internal_error');
      assertError(await rawUpload('/api/files?analyze=1&name=x.jpg'), 500, 'internal_error');
    } finally {
      detectorsFail = false;
    }
    const listed = (await inject({ method: 'GET', url: '/api/files?limit=100' })).json<{ items: FileJson[] }>().items;
    assert.equal(listed.length, rowsBefore, 'no file the client was never told about');
    assert.equal(await rowCount(), rowsBefore);
    assert.deepEqual(await blobFiles(), blobsBefore);
    assert.deepEqual(await tempFiles(), []);
  });

  it('with the database handle closed, an upload fails cleanly and leaves no blob; /healthz says 503', async () => {
    const blobsBefore = await blobFiles();
    const rowsBefore = await rowCount();
    await services.database.destroy();
    const response = await upload();
    assert.ok(response.statusCode >= 500, response.body);
    assertError(response, response.statusCode, response.json<{ error: { code: string } }>().error.code);
    assert.deepEqual(await blobFiles(), blobsBefore);
    assert.deepEqual(await tempFiles(), []);
    const health = await inject({ method: 'GET', url: '/healthz' });
    assert.equal(health.statusCode, 503);
    assert.equal(health.json<{ status: string }>().status, 'unavailable');
    // Count the rows with a fresh handle on the same SQLite file.
    const sqlite = new SqliteDatabase(join(dataDir, 'convertly.sqlite'), { readonly: true });
    try {
      const row = sqlite.prepare('select count(*) as n from files').get() as { n: number };
      assert.equal(row.n, rowsBefore);
    } finally {
      sqlite.close();
    }
  });
});
