// Who is calling: API keys, delivery keys, sessions; the wrong kind, another workspace, revoked keys.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FileRecord } from '../../src/storage/index.js';
import {
  createWorkspaceFixture,
  errorCode,
  signIn,
  startAccountsServer,
  storeSample,
  type AccountsServer,
  type WorkspaceFixture,
} from './helpers/accounts-server.js';

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`principals over HTTP (inject) on ${dialect}`, () => {
    let server: AccountsServer;
    let a: WorkspaceFixture;
    let b: WorkspaceFixture;
    let fileA: FileRecord;
    let cookieB = '';

    before(async () => {
      server = await startAccountsServer({ dialect });
      a = await createWorkspaceFixture(server, 'ws_a');
      b = await createWorkspaceFixture(server, 'ws_b');
      fileA = await storeSample(server, 'ws_a', 2);
      cookieB = await signIn(server, b.email, b.password);
    });
    after(() => server.close());

    describe('no credential is a 401', () => {
      for (const url of ['/api/files', '/api/me', '/api/keys', '/api/usage']) {
        it(`GET ${url}`, async () => {
          const response = await server.inject({ method: 'GET', url });
          assert.equal(response.statusCode, 401);
          assert.equal(errorCode(response), 'unauthorized');
        });
      }
      it('GET /cdn/{id} of an existing file', async () => {
        const response = await server.inject({ method: 'GET', url: `/cdn/${fileA.id}?w=100` });
        assert.equal(response.statusCode, 401);
        assert.equal(errorCode(response), 'unauthorized');
      });
    });

    describe('a present but bad credential is a 401, never anonymous', () => {
      const bad: Array<[string, Record<string, string>, string]> = [
        ['a malformed bearer token', { authorization: 'Bearer nope' }, '/api/files'],
        ['an unknown API key', { authorization: `Bearer cvly_${'A'.repeat(43)}` }, '/api/files'],
        ['a Basic authorization', { authorization: 'Basic dXNlcjpwYXNz' }, '/api/files'],
        ['an empty X-Api-Key', { 'x-api-key': ' ' }, '/api/files'],
        ['a garbage session cookie', { cookie: 'convertly_session=garbage' }, '/api/files'],
        ['an unknown session cookie', { cookie: `convertly_session=${'a'.repeat(43)}` }, '/api/me'],
      ];
      for (const [name, headers, url] of bad) {
        it(name, async () => {
          const response = await server.inject({ method: 'GET', url, headers });
          assert.equal(response.statusCode, 401, response.body);
          assert.equal(errorCode(response), 'unauthorized');
        });
      }
      it('an unknown delivery key in key=, even on a render', async () => {
        const response = await server.inject({ method: 'GET', url: `/cdn/${fileA.id}?w=100&key=cvdk_${'B'.repeat(43)}` });
        assert.equal(response.statusCode, 401);
      });
      it('an API key in the URL (key=cvly_…) is refused: API keys must not leak into links', async () => {
        const response = await server.inject({ method: 'GET', url: `/cdn/${fileA.id}?w=100&key=${a.apiKey}` });
        assert.equal(response.statusCode, 401);
      });
      it('a dead session cookie on an API call is cleared', async () => {
        const response = await server.inject({ method: 'GET', url: '/api/me', headers: { cookie: `convertly_session=${'a'.repeat(43)}` } });
        assert.equal(response.statusCode, 401);
        assert.match(String(response.headers['set-cookie']), /convertly_session=;.*Max-Age=0/);
      });
    });

    it('accepts the API key as Bearer and as X-Api-Key', async () => {
      for (const headers of [a.bearer, { 'x-api-key': a.apiKey }]) {
        const response = await server.inject({ method: 'GET', url: '/api/me', headers });
        assert.equal(response.statusCode, 200);
        assert.deepEqual(response.json().credential, { kind: 'api_key', keyId: a.apiKeyId });
        assert.equal(response.json().workspace.id, 'ws_a');
      }
    });

    describe('a delivery key anywhere but a render is 403 delivery_key_not_allowed', () => {
      const calls: Array<[string, string]> = [
        ['GET', '/api/files'],
        ['GET', '/api/keys'],
        ['GET', '/api/usage'],
        ['POST', '/api/images/analyze'],
      ];
      for (const [method, url] of calls) {
        it(`${method} ${url} with key= and with a Bearer delivery key`, async () => {
          for (const request of [
            { url: `${url}?key=${a.deliveryKey}`, headers: {} },
            { url, headers: { authorization: `Bearer ${a.deliveryKey}` } },
          ]) {
            const response = await server.inject({ method: method as 'GET', ...request, payload: method === 'POST' ? { fileId: fileA.id } : undefined });
            assert.equal(response.statusCode, 403, response.body);
            assert.equal(errorCode(response), 'delivery_key_not_allowed');
          }
        });
      }
      it('GET /api/files/{id}/original (the original is not a render)', async () => {
        const response = await server.inject({ method: 'GET', url: `/api/files/${fileA.id}/original?key=${a.deliveryKey}` });
        assert.equal(response.statusCode, 403);
        assert.equal(errorCode(response), 'delivery_key_not_allowed');
      });
    });

    describe('a file of another workspace is a 404 for every credential', () => {
      it('the API key of B on the CDN and the files API', async () => {
        for (const url of [`/cdn/${fileA.id}?w=64`, `/api/files/${fileA.id}`, `/api/files/${fileA.id}/original`]) {
          const response = await server.inject({ method: 'GET', url, headers: b.bearer });
          assert.equal(response.statusCode, 404, url);
          assert.equal(errorCode(response), 'not_found');
        }
        const analyze = await server.inject({ method: 'POST', url: '/api/images/analyze', headers: b.bearer, payload: { fileId: fileA.id } });
        assert.equal(analyze.statusCode, 404);
        const focal = await server.inject({ method: 'PUT', url: `/api/files/${fileA.id}/focal`, headers: b.bearer, payload: { x: 0.5, y: 0.5 } });
        assert.equal(focal.statusCode, 404);
        const removed = await server.inject({ method: 'DELETE', url: `/api/files/${fileA.id}`, headers: b.bearer });
        assert.equal(removed.statusCode, 404);
      });
      it('the session of B', async () => {
        const response = await server.inject({ method: 'GET', url: `/cdn/${fileA.id}?w=64`, headers: { cookie: cookieB } });
        assert.equal(response.statusCode, 404);
        const api = await server.inject({ method: 'GET', url: `/api/files/${fileA.id}`, headers: { cookie: cookieB } });
        assert.equal(api.statusCode, 404);
      });
      it('the delivery key of B', async () => {
        const response = await server.inject({ method: 'GET', url: `/cdn/${fileA.id}?w=64&key=${b.deliveryKey}` });
        assert.equal(response.statusCode, 404);
        assert.equal(errorCode(response), 'not_found');
      });
      it('and exactly like an id that does not exist', async () => {
        const foreign = await server.inject({ method: 'GET', url: `/cdn/${fileA.id}?w=64`, headers: b.bearer });
        const missing = await server.inject({ method: 'GET', url: '/cdn/f_00000000000000000000?w=64', headers: b.bearer });
        assert.equal(foreign.statusCode, missing.statusCode);
        assert.equal(errorCode(foreign), errorCode(missing));
      });
      it('while the owner still sees it (files API)', async () => {
        const response = await server.inject({ method: 'GET', url: `/api/files/${fileA.id}`, headers: a.bearer });
        assert.equal(response.statusCode, 200);
      });
    });
  });
}
