// Signed source URLs (SPEC §1's "who may render", issue 14): a Convertly signature (s=, the workspace's signing
// secret) on /src/uploads/{path} and on an added source's /src/ path, as on /cdn/; and imgix's own s= on a host
// mapped to an imgix-dialect source when IMGIX_SECURE_TOKEN is set, as on /imgix/. Every bad one is a 403 JSON error.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signUrl } from '../../src/client/index.js';
import { storeUpload } from '../../src/services/stored-files.js';
import { sampleBytes } from '../fixtures/photos.js';
import { ImgixClient } from '../compat/compat-helpers.js';
import { startOriginServer } from '../helpers/origin-server.js';
import { suiteScope } from '../helpers/build-test-app.js';
import { createWorkspaceFixture, errorCode, startAccountsServer, type AccountsServer, type WorkspaceFixture } from '../accounts-http/helpers/accounts-server.js';

const IMGIX_TOKEN = 'imgix-token-for-source-tests';

describe('signed /src/ URLs', () => {
  const scope = suiteScope();
  let server: AccountsServer;
  let a: WorkspaceFixture;
  let b: WorkspaceFixture;
  let secretA = '';
  let secretB = '';

  const secretOf = async (fixture: WorkspaceFixture) => {
    const response = await server.inject({ method: 'POST', url: '/api/workspace/signing-secrets', headers: fixture.bearer });
    assert.equal(response.statusCode, 201, response.body);
    return (response.json() as { secret: string }).secret;
  };
  const anonymous = (url: string, host?: string) => server.inject({ method: 'GET', url, ...(host === undefined ? {} : { headers: { host } }) });
  const expectError = async (url: string, status: number, code: string, host?: string) => {
    const response = await anonymous(url, host);
    assert.equal(response.statusCode, status, `${url}: ${response.body}`);
    assert.equal(errorCode(response), code, url);
    assert.match(String(response.headers['content-type']), /^application\/json/);
  };

  before(async () => {
    server = await startAccountsServer({ env: { SOURCES_ALLOW_PRIVATE: '127.0.0.1/32', IMGIX_SECURE_TOKEN: IMGIX_TOKEN } });
    scope.after(() => server.close());
    a = await createWorkspaceFixture(server, 'ws_srcsig_a');
    b = await createWorkspaceFixture(server, 'ws_srcsig_b');
    [secretA, secretB] = [await secretOf(a), await secretOf(b)];
    // The same path in two workspaces, different photos: a signature picks its own workspace's.
    await storeUpload(server.services, { workspaceId: a.id, name: 'shoe.jpg', bytes: sampleBytes(2), path: 'products/shoe.jpg' });
    await storeUpload(server.services, { workspaceId: b.id, name: 'shoe.jpg', bytes: sampleBytes(3), path: 'products/shoe.jpg' });
    const origin = await startOriginServer(scope);
    origin.put('/photos/hero.jpg', { bytes: sampleBytes(2) });
    for (const payload of [
      { name: 'web', kind: 'http', baseUrl: origin.url },
      { name: 'shop', kind: 'http', baseUrl: origin.url, hosts: ['img.shop.test'], dialect: 'imgix' },
    ]) {
      const added = await server.inject({ method: 'POST', url: '/api/sources', headers: a.bearer, payload });
      assert.equal(added.statusCode, 201, added.body);
    }
  });

  it('a signed /src/uploads/{path} renders the signer\'s upload with no other credential, publicly cacheable', async () => {
    const signedA = await anonymous(signUrl('/src/uploads/products/shoe.jpg?w=64&h=48', secretA));
    assert.equal(signedA.statusCode, 200, signedA.body);
    assert.match(String(signedA.headers['cache-control']), /^public, max-age=\d+$/);
    const ownA = await server.inject({ method: 'GET', url: '/src/uploads/products/shoe.jpg?w=64&h=48', headers: a.bearer });
    assert.ok(signedA.rawPayload.equals(ownA.rawPayload), 'the signed URL renders workspace A\'s upload');
    const signedB = await anonymous(signUrl('/src/uploads/products/shoe.jpg?w=64&h=48', secretB));
    assert.equal(signedB.statusCode, 200, signedB.body);
    assert.ok(!signedB.rawPayload.equals(signedA.rawPayload), 'B\'s secret renders B\'s upload at the same path');
    const expiring = await anonymous(signUrl('/src/uploads/products/shoe.jpg?w=40', secretA, { expiresAt: Math.floor(Date.now() / 1000) + 60 }));
    assert.equal(expiring.statusCode, 200, expiring.body);
    assert.match(String(expiring.headers['cache-control']), /^public, max-age=(60|59|58)$/);
  });

  it('a bad, foreign, expired or pathless signature on /src/uploads/ is a 403; no signature is a 401', async () => {
    const url = signUrl('/src/uploads/products/shoe.jpg?w=64', secretA);
    const bad: Array<[string, string]> = [
      ['a changed parameter', url.replace('w=64', 'w=65')],
      ['an added parameter', `${url}&h=10`],
      ['another path', url.replace('products/shoe.jpg', 'products/boot.jpg')],
      ['an altered signature', url.replace(/s=([0-9a-f])/, (_m, c: string) => `s=${c === '0' ? '1' : '0'}`)],
      ['a malformed signature', url.replace(/s=[0-9a-f]+/, 's=nothex')],
      ['a secret of no workspace', signUrl('/src/uploads/products/shoe.jpg?w=64', 'cvss_not-a-secret-of-anyone')],
      // A genuine signature for a path nobody stored is refused like a forged one: no existence oracle.
      ['a path nobody stored', signUrl('/src/uploads/products/none.jpg?w=64', secretA)],
      ['an expired signature', signUrl('/src/uploads/products/shoe.jpg?w=64', secretA, { expiresAt: Math.floor(Date.now() / 1000) - 1 })],
    ];
    for (const [why, target] of bad) {
      const response = await anonymous(target);
      assert.equal(response.statusCode, 403, `${why}: ${response.body}`);
      assert.equal(errorCode(response), 'invalid_signature', why);
    }
    await expectError('/src/uploads/products/shoe.jpg?w=64', 401, 'unauthorized');
  });

  it('a Cloudinary URL of an upload path takes a Convertly signature too', async () => {
    const signed = await anonymous(signUrl('/cloudinary/image/upload/w_64/products/shoe.jpg', secretA));
    assert.equal(signed.statusCode, 200, signed.body);
    await expectError(signUrl('/cloudinary/image/upload/w_64/products/shoe.jpg', secretA).replace('w_64', 'w_65'), 403, 'invalid_signature');
  });

  it('a signed path of an added source renders (the fetch included); a forged one is a 403 and fetches nothing', async () => {
    const signed = await anonymous(signUrl('/src/web/photos/hero.jpg?w=64', secretA));
    assert.equal(signed.statusCode, 200, signed.body);
    assert.equal(signed.headers['content-type'], 'image/jpeg');
    await expectError(signUrl('/src/web/photos/hero.jpg?w=64', secretB), 403, 'invalid_signature');
    await expectError('/src/web/photos/hero.jpg?w=64', 401, 'unauthorized');
  });

  it('on a host mapped to an imgix-dialect source, imgix\'s own s= renders as the key does; a bad one is a 403', async () => {
    const signer = new ImgixClient({ domain: 'img.shop.test', secureURLToken: IMGIX_TOKEN, includeLibraryParam: false });
    const url = new URL(signer.buildURL('/photos/hero.jpg', { w: 120, h: 90, fit: 'crop' }));
    const target = `${url.pathname}${url.search}`;
    assert.match(target, /&s=[0-9a-f]{32}$/);
    const signed = await anonymous(target, 'img.shop.test');
    assert.equal(signed.statusCode, 200, signed.body);
    assert.match(String(signed.headers['cache-control']), /^public,/);
    const withKey = await server.inject({ method: 'GET', url: '/src/shop/photos/hero.jpg?w=120&h=90&fit=cover', headers: a.bearer });
    assert.ok(signed.rawPayload.equals(withKey.rawPayload), 'the imgix-signed URL is the native render');
    const foreign = new URL(new ImgixClient({ domain: 'img.shop.test', secureURLToken: 'another-token', includeLibraryParam: false }).buildURL('/photos/hero.jpg', { w: 120 }));
    for (const forged of [
      target.replace('w=120', 'w=121'),
      `${target}&blur=20`,
      target.replace('/photos/hero.jpg', '/photos/other.jpg'),
      target.replace(/s=[0-9a-f]{32}$/, 's=0123456789abcdef0123456789abcdef'),
      `${foreign.pathname}${foreign.search}`,
      // A Convertly signature is not an imgix one on a host whose server has an imgix token.
      signUrl('/photos/hero.jpg?w=120', secretA),
    ]) {
      await expectError(forged, 403, 'invalid_signature', 'img.shop.test');
    }
    await expectError('/photos/hero.jpg?w=120', 401, 'unauthorized', 'img.shop.test');
  });
});

describe('imgix s= on a mapped host without IMGIX_SECURE_TOKEN', () => {
  let server: AccountsServer;
  let a: WorkspaceFixture;
  const scope = suiteScope();

  before(async () => {
    server = await startAccountsServer({ env: { SOURCES_ALLOW_PRIVATE: '127.0.0.1/32' } });
    a = await createWorkspaceFixture(server, 'ws_srcsig_plain');
    const origin = await startOriginServer(scope);
    origin.put('/photos/hero.jpg', { bytes: sampleBytes(2) });
    const payload = { name: 'shop', kind: 'http', baseUrl: origin.url, hosts: ['img.plain.test'], dialect: 'imgix' };
    assert.equal((await server.inject({ method: 'POST', url: '/api/sources', headers: a.bearer, payload })).statusCode, 201);
  });
  after(() => server.close());

  it('s= is read as a Convertly signature: an imgix one is a 403, the workspace\'s own renders', async () => {
    const imgix = new URL(new ImgixClient({ domain: 'img.plain.test', secureURLToken: IMGIX_TOKEN, includeLibraryParam: false }).buildURL('/photos/hero.jpg', { w: 80 }));
    const refused = await server.inject({ method: 'GET', url: `${imgix.pathname}${imgix.search}`, headers: { host: 'img.plain.test' } });
    assert.equal(refused.statusCode, 403, refused.body);
    assert.equal(errorCode(refused), 'invalid_signature');
    const created = await server.inject({ method: 'POST', url: '/api/workspace/signing-secrets', headers: a.bearer });
    const { secret } = created.json() as { secret: string };
    const own = await server.inject({ method: 'GET', url: signUrl('/photos/hero.jpg?w=80', secret), headers: { host: 'img.plain.test' } });
    assert.equal(own.statusCode, 200, own.body);
  });
});
