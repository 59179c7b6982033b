// Files API through inject(): delete removes row, blob and renditions; the listing pages newest
// first with an opaque cursor; bad paging parameters are 400s naming them.
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fsBlobPath } from '../../src/storage/index.js';
import { listFilesDeep } from '../storage/temp-dir.js';
import { assertError, smallPhoto, uploadViaInject, type FileJson } from './helpers/http-fixtures.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

let server: TestServer;
let photo: Buffer;

before(async () => {
  server = await startTestServer({ listen: false });
  photo = await smallPhoto(4, 400);
});
after(async () => {
  await server.close();
});

const exists = (path: string) => access(path).then(() => true, () => false);

describe('DELETE /api/files/{id}', () => {
  it('removes the row, the original, every rendition, and answers 404 afterwards', async () => {
    const keeper = await uploadViaInject(server, photo, 'keeper.jpg');
    const doomed = await uploadViaInject(server, photo, 'doomed.jpg');
    const row = await server.services.database.db.selectFrom('files').select('blob_key').where('id', '=', doomed.id).executeTakeFirstOrThrow();
    const blobPath = fsBlobPath(join(server.dataDir, 'blobs'), row.blob_key);
    assert.ok(await exists(blobPath), 'the blob is on disk');
    for (const query of ['w=100&f=jpeg', 'w=120&h=80&gravity=north&f=webp', 'w=50&h=50&fp=0.2,0.2&f=png']) {
      for (const id of [doomed.id, keeper.id]) {
        const response = await server.inject({ method: 'GET', url: `/cdn/${id}?${query}` });
        assert.equal(response.statusCode, 200, query);
      }
    }
    const renditionsDir = join(server.dataDir, 'renditions');
    // Cache files are written after the answers.
    await server.services.renditions.flush();
    assert.equal((await listFilesDeep(join(renditionsDir, doomed.id))).length, 3, 'three renditions cached on disk');

    const deleted = await server.inject({ method: 'DELETE', url: `/api/files/${doomed.id}` });
    assert.equal(deleted.statusCode, 204);
    assert.equal(deleted.body, '');

    assertError(await server.inject({ method: 'GET', url: `/api/files/${doomed.id}` }), 404, 'not_found');
    assertError(await server.inject({ method: 'GET', url: `/api/files/${doomed.id}/original` }), 404, 'not_found');
    // Including renditions that were cached in memory: they must not outlive the file.
    assertError(await server.inject({ method: 'GET', url: `/cdn/${doomed.id}?w=100&f=jpeg` }), 404, 'not_found');
    assertError(await server.inject({ method: 'GET', url: `/cdn/${doomed.id}?w=130&f=jpeg` }), 404, 'not_found');
    assertError(await server.inject({ method: 'DELETE', url: `/api/files/${doomed.id}` }), 404, 'not_found');
    assertError(await server.inject({ method: 'PUT', url: `/api/files/${doomed.id}/focal`, payload: { x: 0.5, y: 0.5 } }), 404, 'not_found');

    assert.equal(await exists(blobPath), false, 'the blob is gone');
    assert.deepEqual(await listFilesDeep(join(renditionsDir, doomed.id)), [], 'its renditions are gone');
    assert.equal(await server.services.database.db.selectFrom('files').select('id').where('id', '=', doomed.id).executeTakeFirst(), undefined);
    const all = await listFilesDeep(server.dataDir);
    assert.ok(!all.some((path) => path.includes(doomed.id)), all.join('\n'));

    // The other file is untouched, cache included.
    assert.equal((await listFilesDeep(join(renditionsDir, keeper.id))).length, 3);
    const kept = await server.inject({ method: 'GET', url: `/cdn/${keeper.id}?w=100&f=jpeg` });
    assert.equal(kept.statusCode, 200);
    assert.equal(kept.headers['x-convertly-cache'], 'hit');
    const original = await server.inject({ method: 'GET', url: `/api/files/${keeper.id}/original` });
    assert.ok(original.rawPayload.equals(photo));
  });
});

describe('GET /api/files', () => {
  it('pages 7 uploads newest first with nextCursor until null, without duplicates', async () => {
    // Start from an empty listing so the count is exact.
    for (const item of (await server.inject({ method: 'GET', url: '/api/files?limit=100' })).json<{ items: FileJson[] }>().items) {
      assert.equal((await server.inject({ method: 'DELETE', url: `/api/files/${item.id}` })).statusCode, 204);
    }
    const uploaded: FileJson[] = [];
    for (let i = 0; i < 7; i++) uploaded.push(await uploadViaInject(server, photo, `page-${i}.jpg`));

    const seen: FileJson[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const url = `/api/files?limit=3${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const response = await server.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 200, response.body);
      const page = response.json<{ items: FileJson[]; nextCursor: string | null }>();
      assert.deepEqual(Object.keys(page).sort(), ['items', 'nextCursor']);
      sizes.push(page.items.length);
      seen.push(...page.items);
      cursor = page.nextCursor;
      if (cursor === null) break;
      assert.match(cursor, /^[\w-]+$/, 'an opaque URL-safe token');
    }
    assert.deepEqual(sizes, [3, 3, 1]);
    assert.equal(new Set(seen.map((file) => file.id)).size, 7, 'no duplicates');
    assert.deepEqual(new Set(seen.map((file) => file.id)), new Set(uploaded.map((file) => file.id)));
    // Newest first; rows of the same millisecond are ordered by id, the cursor's tie-breaker.
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1]!, seen[i]!];
      assert.ok(a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id), `${a.createdAt} ${a.id} before ${b.createdAt} ${b.id}`);
    }
    const last = uploaded.at(-1)!;
    if (uploaded.filter((file) => file.createdAt === last.createdAt).length === 1) assert.equal(seen[0]!.id, last.id, 'the newest upload comes first');
    // The listing carries the same records as GET /api/files/{id}.
    const one = await server.inject({ method: 'GET', url: `/api/files/${seen[0]!.id}` });
    assert.deepEqual(one.json(), seen[0]);
  });

  it('the default page holds everything here; a big limit is capped at 100', async () => {
    const page = (await server.inject({ method: 'GET', url: '/api/files' })).json<{ items: FileJson[]; nextCursor: string | null }>();
    assert.equal(page.items.length, 7);
    assert.equal(page.nextCursor, null);
  });

  for (const [query, name] of [
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=-1', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=1.5', 'limit'],
    ['limit=', 'limit'],
    ['limit=1&limit=2', 'limit'],
    ['limit=99999999999999999999', 'limit'],
    ['cursor=garbage!', 'cursor'],
    ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
    [`cursor=${Buffer.from('2024-01-01T00:00:00.000Z|../etc').toString('base64url')}`, 'cursor'],
    ['cursor=a&cursor=b', 'cursor'],
  ] as const) {
    it(`${query} is 400 invalid_parameter naming ${name}`, async () => {
      const response = await server.inject({ method: 'GET', url: `/api/files?${query}` });
      assertError(response, 400, 'invalid_parameter', new RegExp(`\\b${name}\\b`));
    });
  }
});
