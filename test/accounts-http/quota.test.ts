// Plans and quotas (SPEC §4): analyze and cache-missing renders cost one operation, hits are free,
// over quota is 429 quota_exceeded with nothing spent, stored or rendered; GET /api/usage.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FileRecord } from '../../src/storage/index.js';
import { sampleBytes } from '../fixtures/photos.js';
import {
  createWorkspaceFixture,
  errorCode,
  readUsed,
  setUsed,
  startAccountsServer,
  storeSample,
  type AccountsServer,
  type WorkspaceFixture,
} from './helpers/accounts-server.js';

const LIMIT = 5;

function multipart(bytes: Buffer, name: string): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----convertly${Date.now()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/jpeg\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function countFiles(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).length;
}

describe('quota', () => {
  let server: AccountsServer;
  let a: WorkspaceFixture;
  let file: FileRecord;

  before(async () => {
    server = await startAccountsServer({ env: { QUOTA_FREE: String(LIMIT), QUOTA_STARTER: '100' } });
    a = await createWorkspaceFixture(server, 'ws_quota');
    file = await storeSample(server, a.id, 2);
  });
  after(() => server.close());

  it('GET /api/usage reports plan, period, used, limit and remaining', async () => {
    await setUsed(server, a.id, 2);
    const response = await server.inject({ method: 'GET', url: '/api/usage', headers: a.bearer });
    assert.equal(response.statusCode, 200);
    const body = response.json();
    const now = new Date();
    const key = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    assert.deepEqual(body, {
      plan: 'free',
      period: { start: `${key}-01T00:00:00.000Z`, end: body.period.end, key },
      used: 2,
      limit: LIMIT,
      remaining: LIMIT - 2,
    });
    assert.ok(Date.parse(body.period.end) > Date.parse(body.period.start));
  });

  it('an analyze costs one operation and reports the quota headers', async () => {
    await setUsed(server, a.id, 0);
    const response = await server.inject({ method: 'POST', url: '/api/images/analyze', headers: a.bearer, payload: { fileId: file.id } });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['x-quota-limit'], String(LIMIT));
    assert.equal(response.headers['x-quota-remaining'], String(LIMIT - 1));
    assert.equal(await readUsed(server, a.id), 1);
  });

  it('a render miss costs one, the same render again (a hit) is free and has no quota headers', async () => {
    await setUsed(server, a.id, 1);
    const url = `/cdn/${file.id}?w=160&h=90&gravity=center`;
    const miss = await server.inject({ method: 'GET', url, headers: a.bearer });
    assert.equal(miss.statusCode, 200);
    assert.equal(miss.headers['x-convertly-cache'], 'miss');
    assert.equal(miss.headers['x-quota-remaining'], String(LIMIT - 2));
    assert.equal(await readUsed(server, a.id), 2);
    for (let i = 0; i < 3; i++) {
      const hit = await server.inject({ method: 'GET', url, headers: a.bearer });
      assert.equal(hit.statusCode, 200);
      assert.equal(hit.headers['x-convertly-cache'], 'hit');
      assert.equal(hit.headers['x-quota-limit'], undefined);
      assert.equal(hit.headers['x-quota-remaining'], undefined);
    }
    assert.equal(await readUsed(server, a.id), 2, 'hits are free');
    // A hit is free even when the quota is used up.
    await setUsed(server, a.id, LIMIT);
    assert.equal((await server.inject({ method: 'GET', url, headers: a.bearer })).statusCode, 200);
    assert.equal(await readUsed(server, a.id), LIMIT);
  });

  describe('over quota: 429 quota_exceeded, nothing charged, stored or rendered', () => {
    before(() => setUsed(server, a.id, LIMIT));

    it('analyze of a stored file', async () => {
      const fresh = await storeSample(server, a.id, 3);
      const response = await server.inject({ method: 'POST', url: '/api/images/analyze', headers: a.bearer, payload: { fileId: fresh.id } });
      assert.equal(response.statusCode, 429);
      assert.equal(errorCode(response), 'quota_exceeded');
      assert.equal(response.headers['x-quota-limit'], String(LIMIT));
      assert.equal(response.headers['x-quota-remaining'], '0');
      assert.equal(await readUsed(server, a.id), LIMIT);
      const stored = await server.inject({ method: 'GET', url: `/api/files/${fresh.id}`, headers: a.bearer });
      assert.equal(stored.json().analysis, null, 'no analysis was saved');
    });

    it('upload with ?analyze=1 stores no file', async () => {
      const blobsBefore = await countFiles(join(server.config.dataDir, 'blobs'));
      const listBefore = (await server.inject({ method: 'GET', url: '/api/files', headers: a.bearer })).json().items.length;
      const { payload, headers } = multipart(sampleBytes(5), 'over.jpg');
      const response = await server.inject({ method: 'POST', url: '/api/files?analyze=1', headers: { ...a.bearer, ...headers }, payload });
      assert.equal(response.statusCode, 429);
      assert.equal(errorCode(response), 'quota_exceeded');
      assert.equal(await readUsed(server, a.id), LIMIT);
      assert.equal((await server.inject({ method: 'GET', url: '/api/files', headers: a.bearer })).json().items.length, listBefore);
      assert.equal(await countFiles(join(server.config.dataDir, 'blobs')), blobsBefore);
    });

    it('a render miss writes no rendition', async () => {
      const before = server.services.renditions.stats();
      const renditionsOnDisk = await countFiles(join(server.config.dataDir, 'renditions'));
      const response = await server.inject({ method: 'GET', url: `/cdn/${file.id}?w=333&h=111`, headers: a.bearer });
      assert.equal(response.statusCode, 429);
      assert.equal(errorCode(response), 'quota_exceeded');
      assert.equal(response.headers['x-quota-remaining'], '0');
      assert.equal(await readUsed(server, a.id), LIMIT);
      assert.equal(server.services.renditions.stats().diskBytes, before.diskBytes);
      assert.equal(await countFiles(join(server.config.dataDir, 'renditions')), renditionsOnDisk);
    });

    it('an upload without analysis is not an operation and still works', async () => {
      const { payload, headers } = multipart(sampleBytes(6), 'plain.jpg');
      const response = await server.inject({ method: 'POST', url: '/api/files', headers: { ...a.bearer, ...headers }, payload });
      assert.equal(response.statusCode, 201);
      assert.equal(await readUsed(server, a.id), LIMIT);
    });

    it('a plan upgrade (plans set) lifts the limit at once', async () => {
      assert.equal(await server.access.accounts.workspaces.setPlan(a.id, 'starter'), true);
      const response = await server.inject({ method: 'GET', url: `/cdn/${file.id}?w=334&h=111`, headers: a.bearer });
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['x-quota-limit'], '100');
      assert.equal(await readUsed(server, a.id), LIMIT + 1);
      await server.access.accounts.workspaces.setPlan(a.id, 'free');
    });
  });

  it('a miss charges beside its decode, yet over quota is 429 with nothing spent or kept; an exhausted workspace then costs no decode', async () => {
    // A workspace this instance has never seen refused: its miss decodes while the charge is made.
    const fresh = await createWorkspaceFixture(server, 'ws_quota_overlap');
    const photo = await storeSample(server, fresh.id, 5);
    await setUsed(server, fresh.id, LIMIT);
    const url = `/cdn/${photo.id}?w=210&h=140&f=jpeg`;
    const renditionsOnDisk = await countFiles(join(server.config.dataDir, 'renditions'));
    const before = server.services.renditions.stats();
    const decodeUses = () => {
      const { hits, decodes, coalesced } = server.services.decoded.stats();
      return hits + decodes + coalesced;
    };
    const decodedBefore = decodeUses();
    const refused = await server.inject({ method: 'GET', url, headers: fresh.bearer });
    assert.equal(refused.statusCode, 429);
    assert.equal(errorCode(refused), 'quota_exceeded');
    assert.equal(await readUsed(server, fresh.id), LIMIT);
    assert.equal(decodeUses(), decodedBefore + 1, 'it decoded beside the charge');
    // Its render was thrown away: not cached in any tier, so it is never served free later.
    await server.services.renditions.flush();
    assert.equal(server.services.renditions.stats().memoryEntries, before.memoryEntries);
    assert.equal(await countFiles(join(server.config.dataDir, 'renditions')), renditionsOnDisk);
    // Now known exhausted here: the next miss is charged first and refused without a decode.
    const used = decodeUses();
    const again = await server.inject({ method: 'GET', url: `/cdn/${photo.id}?w=211&h=140&f=jpeg`, headers: fresh.bearer });
    assert.equal(again.statusCode, 429);
    assert.equal(decodeUses(), used, 'no pixels were decoded for it');
    // Room again: the first URL is a miss (charged once), not a hit of the refused render.
    await setUsed(server, fresh.id, 0);
    const served = await server.inject({ method: 'GET', url, headers: fresh.bearer });
    assert.equal(served.statusCode, 200);
    assert.equal(served.headers['x-convertly-cache'], 'miss');
    assert.equal(await readUsed(server, fresh.id), 1);
  });

  it('a failed render is refunded', async () => {
    await setUsed(server, a.id, 0);
    // A blob gone missing makes the render fail after the charge.
    const broken = await storeSample(server, a.id, 4);
    await server.services.blobs.delete(broken.blobKey);
    const response = await server.inject({ method: 'GET', url: `/cdn/${broken.id}?w=50`, headers: a.bearer });
    assert.equal(response.statusCode, 500);
    assert.equal(await readUsed(server, a.id), 0);
    // The answer reports what is left after the refund (issue 12, item 4), not the value before it.
    assert.equal(response.headers['x-quota-remaining'], String(LIMIT));
  });
});
