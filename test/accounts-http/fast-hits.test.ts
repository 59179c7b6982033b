// CDN hits answered before Fastify (src/http/fast-hits.ts), over real HTTP on 127.0.0.1 with the
// real access layer: the same status, headers and bytes as the full path, and nothing it must not
// serve — a changed focal point, a deleted file, a revoked key (here at once, on another instance
// within a second), a refused origin, a malformed credential, another Accept.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FileRecord } from '../../src/storage/index.js';
import { createWorkspaceFixture, signIn, startAccountsServer, storeSample, type AccountsServer, type WorkspaceFixture } from './helpers/accounts-server.js';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

async function get(server: AccountsServer, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  const response = await fetch(`${server.url}${path}`, { method, headers });
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: Object.fromEntries(response.headers.entries()), body };
}

/** How many responses the hit path has answered so far, read from /metrics as an operator would. */
async function fastPathCount(server: AccountsServer): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('convertly_cdn_fast_path_total '));
  assert.ok(line, 'convertly_cdn_fast_path_total is exported');
  return Number(line.split(' ')[1]);
}

/** Runs `request` once and says whether the hit path answered it. */
async function viaFullOrFast(server: AccountsServer, request: () => Promise<Answer>): Promise<{ answer: Answer; fast: boolean }> {
  const before = await fastPathCount(server);
  const answer = await request();
  return { answer, fast: (await fastPathCount(server)) === before + 1 };
}

/**
 * Runs `request` until the hit path answers it, at most three times: a key or file cached a second
 * ago may expire between two requests of a slow test, and then the full path rightly answers once.
 */
async function viaFastPath(server: AccountsServer, request: () => Promise<Answer>): Promise<{ answer: Answer; fast: boolean }> {
  let last = await viaFullOrFast(server, request);
  for (let attempt = 1; attempt < 3 && !last.fast; attempt++) last = await viaFullOrFast(server, request);
  return last;
}

/** Headers that differ per response by design. */
function stable(headers: Record<string, string>): Record<string, string> {
  const { date: _date, 'x-request-id': _id, ...rest } = headers;
  return rest;
}

describe('CDN hits answered before routing', () => {
  let server: AccountsServer;
  let other: AccountsServer;
  let a: WorkspaceFixture;
  let file: FileRecord;

  before(async () => {
    server = await startAccountsServer({ listen: true });
    other = await startAccountsServer({ listen: true, shareWith: server, workerThreads: 0 });
    a = await createWorkspaceFixture(server, 'ws_fast');
    file = await storeSample(server, a.id, 1);
  });
  after(async () => {
    await other.close();
    await server.close();
  });

  it('a hit and a 304 from memory carry the full path\'s status, headers and bytes', async () => {
    const key = `key=${a.deliveryKey}`;
    // Three spellings of one rendition: the first renders, the others are the full path's first hit.
    const miss = await get(server, `/cdn/${file.id}?w=300&h=200&gravity=center&${key}`);
    assert.equal(miss.headers['x-convertly-cache'], 'miss');
    const reordered = `/cdn/${file.id}?h=200&gravity=center&w=300&${key}`;
    const full = await viaFullOrFast(server, () => get(server, reordered));
    assert.equal(full.fast, false, 'a URL seen for the first time takes the full path');
    const fast = await viaFastPath(server, () => get(server, reordered));
    assert.equal(fast.fast, true, 'the same URL again is answered before routing');
    assert.equal(fast.answer.status, 200);
    assert.equal(fast.answer.headers['x-convertly-cache'], 'hit');
    assert.deepEqual(stable(fast.answer.headers), stable(full.answer.headers));
    assert.ok(fast.answer.body.equals(miss.body), 'the same bytes as the render');
    assert.match(fast.answer.headers['x-request-id'] ?? '', /^[0-9a-f-]{36}$/);
    assert.notEqual(fast.answer.headers['x-request-id'], full.answer.headers['x-request-id']);
    // A caller's own request id threads through, as on the full path.
    assert.equal((await get(server, reordered, { 'x-request-id': 'edge-42' })).headers['x-request-id'], 'edge-42');

    const etag = miss.headers.etag ?? '';
    const third = `/cdn/${file.id}?gravity=center&w=300&h=200&${key}`;
    const fullNotModified = await viaFullOrFast(server, () => get(server, third, { 'if-none-match': etag }));
    const fastNotModified = await viaFastPath(server, () => get(server, third, { 'if-none-match': `W/${etag}, "other"` }));
    assert.deepEqual([fullNotModified.fast, fastNotModified.fast], [false, true]);
    assert.equal(fastNotModified.answer.status, 304);
    assert.equal(fastNotModified.answer.body.length, 0);
    assert.deepEqual(stable(fastNotModified.answer.headers), stable(fullNotModified.answer.headers));
    // HEAD is left to Fastify, and still answers without a body.
    const head = await get(server, reordered, {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    assert.equal(head.headers.etag, etag);
  });

  it('a focal point change is seen by the very next request (new version, new window, new ETag)', async () => {
    const path = `/cdn/${file.id}?w=200&h=200&key=${a.deliveryKey}`;
    const first = await get(server, path);
    const hit = await viaFastPath(server, () => get(server, path));
    assert.equal(hit.fast, true);
    const moved = await fetch(`${server.url}/api/files/${file.id}/focal`, {
      method: 'PUT',
      headers: { ...a.bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ x: 0.05, y: 0.5 }),
    });
    assert.equal(moved.status, 200, await moved.text());
    const next = await get(server, path);
    assert.equal(next.headers['x-convertly-cache'], 'miss');
    assert.notEqual(next.headers.etag, first.headers.etag);
    assert.notEqual(next.headers['x-convertly-window'], first.headers['x-convertly-window']);
    assert.equal(next.headers['x-convertly-focus'], 'focal');
    const again = await viaFastPath(server, () => get(server, path));
    assert.equal(again.fast, true);
    assert.equal(again.answer.headers.etag, next.headers.etag);
  });

  it('f=auto answers each Accept with its own format from memory, and says Vary: Accept', async () => {
    const path = `/cdn/${file.id}?w=120&h=80&f=auto&key=${a.deliveryKey}`;
    const accepts: Array<[string, string]> = [
      ['image/avif,image/webp,*/*', 'image/avif'],
      ['image/webp,*/*', 'image/webp'],
      ['*/*', 'image/jpeg'],
    ];
    for (const [accept] of accepts) await get(server, path, { accept });
    for (const [accept, type] of accepts) {
      const { answer, fast } = await viaFastPath(server, () => get(server, path, { accept }));
      assert.equal(fast, true, accept);
      assert.equal(answer.headers['content-type'], type, accept);
      assert.equal(answer.headers.vary, 'Accept');
    }
  });

  it('an API key gets the private answer and a delivery key the public one for the same rendition', async () => {
    const path = `/cdn/${file.id}?w=90&h=90&gravity=north`;
    await get(server, `${path}&key=${a.deliveryKey}`);
    await get(server, path, a.bearer);
    const asKey = await viaFastPath(server, () => get(server, path, a.bearer));
    const asDelivery = await viaFastPath(server, () => get(server, `${path}&key=${a.deliveryKey}`));
    assert.deepEqual([asKey.fast, asDelivery.fast], [true, true]);
    assert.match(asKey.answer.headers['cache-control'] ?? '', /^private,/);
    assert.match(asDelivery.answer.headers['cache-control'] ?? '', /^public,/);
    // The same URL without the header is anonymous: refused, not served from memory.
    const anonymous = await get(server, path);
    assert.equal(anonymous.status, 401);
    assert.equal((JSON.parse(anonymous.body.toString('utf8')) as { error: { code: string } }).error.code, 'unauthorized');
  });

  it('a signed-in session renders from memory until it signs out', async () => {
    const cookie = await signIn(server, a.email, a.password);
    const path = `/cdn/${file.id}?w=60&h=40`;
    assert.equal((await get(server, path, { cookie })).status, 200);
    const hit = await viaFastPath(server, () => get(server, path, { cookie }));
    assert.equal(hit.fast, true);
    assert.match(hit.answer.headers['cache-control'] ?? '', /^private,/);
    const out = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie, origin: server.url } });
    assert.equal(out.status, 204, await out.text());
    assert.equal((await get(server, path, { cookie })).status, 401);
  });

  it('bad credentials on a URL the hit path knows get the full path\'s JSON errors', async () => {
    const path = `/cdn/${file.id}?w=64&h=64`;
    await get(server, path, a.bearer);
    assert.equal((await viaFastPath(server, () => get(server, path, a.bearer))).fast, true);
    const cases: Array<[Record<string, string>, number, string]> = [
      [{ authorization: 'Bearer cvly_not-a-real-key' }, 401, 'unauthorized'],
      [{ authorization: 'Basic dXNlcjpwYXNz' }, 401, 'unauthorized'],
      [{ 'x-api-key': a.deliveryKey.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) }, 401, 'unauthorized'],
    ];
    for (const [headers, status, code] of cases) {
      const answer = await get(server, path, headers);
      assert.equal(answer.status, status, JSON.stringify(headers));
      assert.equal((JSON.parse(answer.body.toString('utf8')) as { error: { code: string } }).error.code, code);
    }
    // key= with an API key is refused, even for a rendition in memory.
    const apiInUrl = await get(server, `${path}&key=${a.apiKey}`);
    assert.equal(apiInUrl.status, 401);
  });

  it('a delivery key limited to some origins is refused from others, even for a rendition in memory', async () => {
    const created = await fetch(`${server.url}/api/keys`, {
      method: 'POST',
      headers: { ...a.bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'delivery', allowedOrigins: ['https://shop.example.com'] }),
    });
    const { token } = (await created.json()) as { token: string };
    const path = `/cdn/${file.id}?w=70&h=70&key=${token}`;
    const allowed = { origin: 'https://shop.example.com' };
    assert.equal((await get(server, path, allowed)).status, 200);
    assert.equal((await viaFastPath(server, () => get(server, path, allowed))).fast, true);
    const refused = await get(server, path, { origin: 'https://evil.example.net' });
    assert.equal(refused.status, 403);
    assert.equal((JSON.parse(refused.body.toString('utf8')) as { error: { code: string } }).error.code, 'forbidden');
    assert.equal((await get(server, path)).status, 403, 'no Origin or Referer at all');
  });

  it('a revoked delivery key is refused at once here and within a second on another instance', async () => {
    const created = await fetch(`${server.url}/api/keys`, {
      method: 'POST',
      headers: { ...a.bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'delivery' }),
    });
    const { id, token } = (await created.json()) as { id: string; token: string };
    const path = `/cdn/${file.id}?w=50&h=50&key=${token}`;
    for (const instance of [server, other]) {
      await get(instance, path);
      assert.equal((await viaFastPath(instance, () => get(instance, path))).fast, true);
    }
    const revokedAt = Date.now();
    const revoked = await fetch(`${server.url}/api/keys/${id}`, { method: 'DELETE', headers: a.bearer });
    assert.equal(revoked.status, 204);
    assert.equal((await get(server, path)).status, 401);
    // The other instance holds its cached "valid" for at most its TTL, never a full second.
    await sleep(Math.max(0, revokedAt + 1000 - Date.now()));
    assert.equal((await get(other, path)).status, 401);
  });

  it('a URL padded with unknown parameters past 2 KB is answered, but never remembered', async () => {
    const path = `/cdn/${file.id}?w=66&h=66&key=${a.deliveryKey}&${'junk=x&'.repeat(300)}z=1`;
    assert.ok(path.length > 2048);
    assert.equal((await get(server, path)).status, 200);
    for (let i = 0; i < 2; i++) {
      const again = await viaFullOrFast(server, () => get(server, path));
      assert.equal(again.answer.status, 200);
      assert.equal(again.answer.headers['x-convertly-cache'], 'hit');
      assert.equal(again.fast, false);
    }
  });

  it('a deleted file is a 404 on the next request, not a hit', async () => {
    const doomed = await storeSample(server, a.id, 2);
    const path = `/cdn/${doomed.id}?w=80&h=80&key=${a.deliveryKey}`;
    await get(server, path);
    assert.equal((await viaFastPath(server, () => get(server, path))).fast, true);
    const deleted = await fetch(`${server.url}/api/files/${doomed.id}`, { method: 'DELETE', headers: a.bearer });
    assert.equal(deleted.status, 204);
    const gone = await get(server, path);
    assert.equal(gone.status, 404);
    assert.equal((JSON.parse(gone.body.toString('utf8')) as { error: { code: string } }).error.code, 'not_found');
  });
});
