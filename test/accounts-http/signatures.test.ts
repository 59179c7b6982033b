// Signed render URLs (SPEC §1): HMAC-SHA256 of path + canonical query with the workspace secret,
// rotation (old and new both valid until the old one is retired), expiry, tampering.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { after, before, describe, it, mock } from 'node:test';
import { signUrl } from '../../src/client/index.js';
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
  describe(`signed render URLs on ${dialect}`, () => {
    let server: AccountsServer;
    let a: WorkspaceFixture;
    let b: WorkspaceFixture;
    let file: FileRecord;
    let secret = '';
    let secretId = '';

    const rotate = async (fixture: WorkspaceFixture) => {
      const response = await server.inject({ method: 'POST', url: '/api/workspace/signing-secrets', headers: fixture.bearer });
      assert.equal(response.statusCode, 201);
      return response.json() as { id: string; secret: string; createdAt: string; retiredAt: null };
    };
    const get = (url: string) => server.inject({ method: 'GET', url });

    before(async () => {
      server = await startAccountsServer({ dialect });
      a = await createWorkspaceFixture(server, 'ws_sig_a');
      b = await createWorkspaceFixture(server, 'ws_sig_b');
      file = await storeSample(server, a.id, 3);
      ({ secret, id: secretId } = await rotate(a));
    });
    after(() => server.close());

    it('a valid signature renders, publicly cacheable, with no other credential', async () => {
      const response = await get(signUrl(`/cdn/${file.id}?w=120&h=80&fit=cover`, secret));
      assert.equal(response.statusCode, 200, response.body);
      assert.match(String(response.headers['cache-control']), /^public,/);
      assert.equal(response.headers['content-type'], 'image/jpeg');
    });

    it('the query order and encoding do not matter, the values do', async () => {
      const signed = new URL(signUrl(`/cdn/${file.id}?w=120&h=80&fp=0.3,0.7`, secret), 'http://x');
      const s = signed.searchParams.get('s');
      const reordered = await get(`/cdn/${file.id}?fp=0.3%2C0.7&h=80&s=${s}&w=120`);
      assert.equal(reordered.statusCode, 200);
    });

    describe('is 403 invalid_signature when', () => {
      const cases: Array<[string, () => string]> = [
        ['a parameter is changed', () => signUrl(`/cdn/${file.id}?w=120&h=80`, secret).replace('w=120', 'w=121')],
        ['a parameter is added', () => `${signUrl(`/cdn/${file.id}?w=120`, secret)}&h=10`],
        ['the signature is altered', () => signUrl(`/cdn/${file.id}?w=120`, secret).replace(/s=([0-9a-f])/, (_m, c: string) => `s=${c === '0' ? '1' : '0'}`)],
        ['the signature is not hex', () => `/cdn/${file.id}?w=120&s=zz`],
        ['the signature is for another file', () => signUrl(`/cdn/${file.id}?w=120`, secret).replace(file.id, 'f_00000000000000000000')],
        ['it is made with another workspace\'s secret', () => 'B'],
        ['it has expired', () => signUrl(`/cdn/${file.id}?w=120`, secret, { expiresAt: Math.floor(Date.now() / 1000) - 1 })],
        ['its expiry was pushed back', () => signUrl(`/cdn/${file.id}?w=120`, secret, { expiresAt: Math.floor(Date.now() / 1000) - 1 }).replace(/expires=\d+/, 'expires=99999999999')],
      ];
      for (const [name, make] of cases) {
        it(name, async () => {
          let url = make();
          if (url === 'B') url = signUrl(`/cdn/${file.id}?w=120`, (await rotate(b)).secret);
          const response = await get(url);
          assert.equal(response.statusCode, 403, `${url} → ${response.body}`);
          assert.equal(errorCode(response), 'invalid_signature');
        });
      }
    });

    it('a future expiry renders', async () => {
      const response = await get(signUrl(`/cdn/${file.id}?w=90`, secret, { expiresAt: new Date(Date.now() + 3_600_000) }));
      assert.equal(response.statusCode, 200);
    });

    it('an expiring URL is cached no longer than it is valid (no year, no immutable)', async () => {
      const now = Math.floor(Date.now() / 1000);
      for (const query of ['w=88&h=88&fp=0.4,0.4', 'w=88']) {
        const response = await get(signUrl(`/cdn/${file.id}?${query}`, secret, { expiresAt: now + 60 }));
        assert.equal(response.statusCode, 200, response.body);
        const cacheControl = String(response.headers['cache-control']);
        const maxAge = Number(/max-age=(\d+)/.exec(cacheControl)?.[1]);
        assert.ok(maxAge > 0 && maxAge <= 60, `${query}: ${cacheControl}`);
        assert.doesNotMatch(cacheControl, /immutable/);
        assert.match(cacheControl, /^public,/);
      }
      // Without expires= the variant stays a year-long immutable one.
      const forever = await get(signUrl(`/cdn/${file.id}?w=88&h=88&fp=0.4,0.4`, secret));
      assert.match(String(forever.headers['cache-control']), /max-age=31536000, immutable/);
    });

    it('a signature for a missing file costs the same HMAC work as one for a real file', async () => {
      const c = await createWorkspaceFixture(server, `ws_sig_c_${dialect}`);
      const own = await storeSample(server, c.id, 1);
      const cSecret = (await rotate(c)).secret;
      // Signed with the right secret but altered afterwards: a real file, a wrong signature.
      const forged = signUrl(`/cdn/${own.id}?w=50`, cSecret).replace('w=50', 'w=51');
      const missing = signUrl(`/cdn/f_00000000000000000000?w=50`, cSecret);
      await get(forged); // warm the secrets cache, as an attacker's repeated probes would
      const hmacs = async (url: string): Promise<{ count: number; message: string }> => {
        const spy = mock.method(crypto, 'createHmac');
        syncBuiltinESMExports();
        let response;
        try {
          response = await get(url);
        } finally {
          spy.mock.restore();
          syncBuiltinESMExports();
        }
        assert.equal(response.statusCode, 403);
        assert.equal(errorCode(response), 'invalid_signature');
        return { count: spy.mock.calls.filter((call) => call.arguments[0] === 'sha256').length, message: response.json().error.message };
      };
      const forRealFile = await hmacs(forged);
      const forMissingFile = await hmacs(missing);
      assert.equal(forRealFile.count, 1, 'one active secret, one HMAC');
      assert.equal(forMissingFile.count, forRealFile.count);
      assert.equal(forMissingFile.message, forRealFile.message);
    });

    it('rotation: old and new secrets both sign until the old one is retired', async () => {
      const oldUrl = signUrl(`/cdn/${file.id}?w=70`, secret);
      const next = await rotate(a);
      const newUrl = signUrl(`/cdn/${file.id}?w=70`, next.secret);
      assert.equal((await get(oldUrl)).statusCode, 200, 'old secret during rotation');
      assert.equal((await get(newUrl)).statusCode, 200, 'new secret during rotation');
      const retired = await server.inject({ method: 'DELETE', url: `/api/workspace/signing-secrets/${secretId}`, headers: a.bearer });
      assert.equal(retired.statusCode, 204);
      const afterRetire = await get(oldUrl);
      assert.equal(afterRetire.statusCode, 403);
      assert.equal(errorCode(afterRetire), 'invalid_signature');
      assert.equal((await get(newUrl)).statusCode, 200, 'new secret after retiring the old');
      const list = (await server.inject({ method: 'GET', url: '/api/workspace/signing-secrets', headers: a.bearer })).json().items as Array<Record<string, unknown>>;
      assert.deepEqual(list.map((item) => [item.id, item.retiredAt === null]).sort(), [[secretId, false], [next.id, true]].sort());
      assert.ok(list.every((item) => !('secret' in item)), 'secrets are only shown when created');
      secret = next.secret;
    });

    it('POST /api/sign signs with the newest secret', async () => {
      const response = await server.inject({ method: 'POST', url: '/api/sign', headers: a.bearer, payload: { url: `/cdn/${file.id}?w=64&h=64` } });
      assert.equal(response.statusCode, 200);
      const signed = response.json().url as string;
      assert.equal(signed, signUrl(`/cdn/${file.id}?w=64&h=64`, secret));
      assert.equal((await get(signed)).statusCode, 200);
    });

    it('a signature does not open anything but renders', async () => {
      const signed = signUrl(`/api/files/${file.id}`, secret);
      const response = await get(signed);
      assert.equal(response.statusCode, 401);
    });
  });
}
