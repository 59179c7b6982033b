// /api/keys: create (token once), list, revoke; revocation honoured at once here and within a
// second on another instance; delivery keys limited to origins; Cache-Control by credential kind.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { FileRecord } from '../../src/storage/index.js';
import {
  createWorkspaceFixture,
  errorCode,
  startAccountsServer,
  storeSample,
  type AccountsServer,
  type WorkspaceFixture,
} from './helpers/accounts-server.js';

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`keys over HTTP on ${dialect}`, () => {
    let server: AccountsServer;
    let other: AccountsServer;
    let a: WorkspaceFixture;
    let file: FileRecord;

    before(async () => {
      server = await startAccountsServer({ dialect, workerThreads: 1 });
      // A second instance on the same database, with its own caches: as behind a load balancer.
      other = await startAccountsServer({ shareWith: server, workerThreads: 0 });
      a = await createWorkspaceFixture(server, 'ws_keys');
      file = await storeSample(server, a.id, 2);
    });
    after(async () => {
      await other.close();
      await server.close();
    });

    it('POST /api/keys shows the token once; GET lists it without token or hash', async () => {
      const created = await server.inject({ method: 'POST', url: '/api/keys', headers: a.bearer, payload: { name: 'ci' } });
      assert.equal(created.statusCode, 201);
      assert.equal(created.headers['cache-control'], 'no-store');
      const body = created.json();
      assert.match(body.token, /^cvly_[0-9A-Za-z]{43}$/);
      assert.deepEqual(Object.keys(body).sort(), ['allowedOrigins', 'createdAt', 'id', 'kind', 'lastUsedAt', 'name', 'revokedAt', 'token']);
      assert.equal(body.kind, 'api');
      assert.equal(body.id, body.token.slice(0, 13));
      const list = await server.inject({ method: 'GET', url: '/api/keys', headers: a.bearer });
      assert.equal(list.statusCode, 200);
      const item = list.json().items.find((key: { id: string }) => key.id === body.id);
      assert.deepEqual(item, { id: body.id, kind: 'api', name: 'ci', allowedOrigins: [], createdAt: body.createdAt, revokedAt: null, lastUsedAt: null });
      assert.ok(!list.body.includes(body.token.slice(13)), 'the secret part of the token is never listed');
    });

    it('creates delivery keys with normalised origins and refuses bad ones by name', async () => {
      const created = await server.inject({
        method: 'POST',
        url: '/api/keys',
        headers: a.bearer,
        payload: { kind: 'delivery', allowedOrigins: ['HTTPS://Shop.Example.com:443/', 'https://*.example.org'] },
      });
      assert.equal(created.statusCode, 201);
      assert.match(created.json().token, /^cvdk_/);
      assert.deepEqual(created.json().allowedOrigins, ['https://shop.example.com', 'https://*.example.org']);
      const bad = await server.inject({ method: 'POST', url: '/api/keys', headers: a.bearer, payload: { kind: 'delivery', allowedOrigins: ['https://ok.example', 'javascript:alert(1)'] } });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json().error.message, /allowedOrigins\[1\]/);
      const apiWithOrigins = await server.inject({ method: 'POST', url: '/api/keys', headers: a.bearer, payload: { allowedOrigins: ['https://a.example'] } });
      assert.equal(apiWithOrigins.statusCode, 400);
      const unknownField = await server.inject({ method: 'POST', url: '/api/keys', headers: a.bearer, payload: { scope: 'all' } });
      assert.equal(unknownField.statusCode, 400);
      assert.equal(errorCode(unknownField), 'invalid_parameter');
    });

    it('a revoked key is a 401 at once on this instance and within a second on another', async () => {
      const created = (await server.inject({ method: 'POST', url: '/api/keys', headers: a.bearer, payload: {} })).json();
      const headers = { authorization: `Bearer ${created.token}` };
      // Warm both instances' caches, so revocation has a cached "valid" to beat.
      assert.equal((await server.inject({ method: 'GET', url: '/api/me', headers })).statusCode, 200);
      assert.equal((await other.inject({ method: 'GET', url: '/api/me', headers })).statusCode, 200);
      const revokedAt = Date.now();
      const revoked = await server.inject({ method: 'DELETE', url: `/api/keys/${created.id}`, headers: a.bearer });
      assert.equal(revoked.statusCode, 204);
      const here = await server.inject({ method: 'GET', url: '/api/me', headers });
      assert.equal(here.statusCode, 401);
      assert.equal(errorCode(here), 'unauthorized');
      // The other instance may still hold its cached answer, but never for a full second.
      await sleep(Math.max(0, revokedAt + 1000 - Date.now()));
      const there = await other.inject({ method: 'GET', url: '/api/me', headers });
      assert.equal(there.statusCode, 401);
      const listed = (await server.inject({ method: 'GET', url: '/api/keys', headers: a.bearer })).json().items.find((key: { id: string }) => key.id === created.id);
      assert.ok(listed.revokedAt !== null);
    });

    it('a revoked delivery key stops rendering', async () => {
      const created = (await server.inject({ method: 'POST', url: '/api/keys', headers: a.bearer, payload: { kind: 'delivery' } })).json();
      const url = `/cdn/${file.id}?w=48&h=48&key=${created.token}`;
      assert.equal((await server.inject({ method: 'GET', url })).statusCode, 200);
      assert.equal((await server.inject({ method: 'DELETE', url: `/api/keys/${created.id}`, headers: a.bearer })).statusCode, 204);
      const after = await server.inject({ method: 'GET', url });
      assert.equal(after.statusCode, 401);
    });

    it('DELETE of an unknown key, or of another workspace\'s key, is a 404', async () => {
      const b = await createWorkspaceFixture(server, 'ws_keys_b');
      const foreign = await server.inject({ method: 'DELETE', url: `/api/keys/${a.apiKeyId}`, headers: b.bearer });
      assert.equal(foreign.statusCode, 404);
      assert.equal((await server.inject({ method: 'GET', url: '/api/me', headers: a.bearer })).statusCode, 200, 'A\'s key still works');
      assert.equal((await server.inject({ method: 'DELETE', url: '/api/keys/cvly_nothere', headers: a.bearer })).statusCode, 404);
    });

    describe('delivery keys and origins', () => {
      let limited = '';
      before(async () => {
        limited = (
          await server.inject({ method: 'POST', url: '/api/keys', headers: a.bearer, payload: { kind: 'delivery', allowedOrigins: ['https://shop.example.com'] } })
        ).json().token;
      });
      const render = () => `/cdn/${file.id}?w=40&h=40&key=${limited}`;

      it('renders for an allowed Origin or Referer, kept out of shared caches (private, Vary: Origin)', async () => {
        for (const headers of [{ origin: 'https://shop.example.com' }, { referer: 'https://shop.example.com/products/1' }]) {
          const response = await server.inject({ method: 'GET', url: render(), headers });
          assert.equal(response.statusCode, 200);
          // A shared CDN cache keeping it would hand it to any site (issue 12, item 4).
          assert.match(String(response.headers['cache-control']), /^private,/);
          assert.match(String(response.headers.vary), /\bOrigin\b/);
          assert.match(String(response.headers.vary), /\bAccept\b/);
        }
      });
      it('is 403 forbidden from another origin, or with no origin at all', async () => {
        for (const headers of [{ origin: 'https://evil.example.com' }, { referer: 'http://shop.example.com/' }, {}]) {
          const response = await server.inject({ method: 'GET', url: render(), headers });
          assert.equal(response.statusCode, 403);
          assert.equal(errorCode(response), 'forbidden');
        }
      });
      it('an unrestricted delivery key renders from anywhere; an API key renders privately', async () => {
        const delivery = await server.inject({ method: 'GET', url: `/cdn/${file.id}?w=40&h=40&key=${a.deliveryKey}` });
        assert.equal(delivery.statusCode, 200);
        assert.match(String(delivery.headers['cache-control']), /^public,/);
        const api = await server.inject({ method: 'GET', url: `/cdn/${file.id}?w=40&h=40`, headers: a.bearer });
        assert.equal(api.statusCode, 200);
        assert.match(String(api.headers['cache-control']), /^private,/);
      });
    });
  });
}
