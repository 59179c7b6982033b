// imgix's `s=` over a real socket: with IMGIX_SECURE_TOKEN set, a URL signed by @imgix/js-core renders and any
// tampering is a 403; an unknown file is a 404 only behind a valid signature, so a bad one reveals nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ImgixClient } from '../compat/compat-helpers.js';
import { startCompatServer, type CompatServer } from './compat-server.js';
import { assertError, assertSameAsNative } from './same-as-native.js';
import { strictAccess } from './strict-access.js';

const TOKEN = 'imgix-secure-token-for-tests';
const domain = 'example.imgix.net';
const signer = new ImgixClient({ domain, secureURLToken: TOKEN, includeLibraryParam: false });
const PARAMS = { w: 300, h: 200, fit: 'crop', crop: 'faces' };
const QUERY = { w: '300', h: '200', fit: 'cover', gravity: 'faces' };

const WITH_TOKEN = { IMGIX_SECURE_TOKEN: TOKEN };
let server: CompatServer;
let fileId: string;

before(async () => {
  server = await startCompatServer({ env: WITH_TOKEN });
  fileId = await server.upload(2);
});

after(async () => {
  await server?.close();
});

function imgixPath(url: string): string {
  const parsed = new URL(url);
  return `/imgix${parsed.pathname}${parsed.search}`;
}

describe('imgix signatures with IMGIX_SECURE_TOKEN set', () => {
  it('renders a URL signed by @imgix/js-core, as the native URL does', async () => {
    const url = signer.buildURL(fileId, PARAMS);
    assert.match(url, /[?&]s=[0-9a-f]{32}$/);
    await assertSameAsNative(server, { compatPath: imgixPath(url), fileId, query: QUERY });
  });

  it('renders signed URLs with the library stamp and with an extension in the path', async () => {
    const stamped = new ImgixClient({ domain, secureURLToken: TOKEN }).buildURL(`${fileId}.jpg`, { w: 200 });
    assert.match(stamped, /ixlib=/);
    await assertSameAsNative(server, { compatPath: imgixPath(stamped), fileId, query: { w: '200' } });
  });

  it('refuses a tampered query, a tampered path, a foreign token and a malformed s with 403 invalid_signature', async () => {
    const url = imgixPath(signer.buildURL(fileId, PARAMS));
    const tampered = [
      url.replace('w=300', 'w=301'),
      `${url}&blur=20`,
      imgixPath(signer.buildURL(`${fileId}.png`, PARAMS)).replace('.png?', '.jpg?'),
      url.replace(/s=[0-9a-f]{32}$/, 's=0123456789abcdef0123456789abcdef'),
      url.replace(/s=[0-9a-f]{32}$/, 's=nothex'),
      imgixPath(new ImgixClient({ domain, secureURLToken: 'another-token', includeLibraryParam: false }).buildURL(fileId, PARAMS)),
    ];
    for (const path of tampered) await assertError(await server.fetch(path), 403, 'invalid_signature', 'imgix signature');
  });

  it('an unknown file is a 404 behind a valid signature and a 403 behind a bad one (no existence oracle)', async () => {
    const missing = imgixPath(signer.buildURL('f_doesnotexist00000000', PARAMS));
    await assertError(await server.fetch(missing), 404, 'not_found');
    await assertError(await server.fetch(missing.replace('w=300', 'w=301')), 403, 'invalid_signature');
  });

  it('without s the render authorizer decides (open mode: it renders)', async () => {
    const unsigned = new ImgixClient({ domain, includeLibraryParam: false }).buildURL(fileId, PARAMS);
    await assertSameAsNative(server, { compatPath: imgixPath(unsigned), fileId, query: QUERY });
  });
});

describe('imgix signatures without IMGIX_SECURE_TOKEN', () => {
  let plain: CompatServer;
  let plainFileId: string;

  before(async () => {
    plain = await startCompatServer();
    plainFileId = await plain.upload(2);
  });

  after(async () => {
    await plain?.close();
  });

  it('does not check s: the render authorizer decides (open mode: it renders)', async () => {
    const url = imgixPath(signer.buildURL(plainFileId, PARAMS));
    await assertSameAsNative(plain, { compatPath: url.replace(/s=[0-9a-f]{32}$/, 's=0123456789abcdef0123456789abcdef'), fileId: plainFileId, query: QUERY });
  });
});

describe('imgix signatures when renders need a credential', () => {
  let strict: CompatServer;
  let strictFileId: string;

  before(async () => {
    strict = await startCompatServer({ access: strictAccess, env: WITH_TOKEN });
    strictFileId = await strict.upload(2, { 'x-test-principal': 'api_key' });
  });

  after(async () => {
    await strict?.close();
  });

  it('a valid imgix signature authorises an anonymous render, publicly cacheable', async () => {
    const response = await strict.fetch(imgixPath(signer.buildURL(strictFileId, PARAMS)));
    assert.equal(response.status, 200, await response.clone().text());
    assert.match(response.headers.get('cache-control') ?? '', /^public, /);
  });

  it('without a signature the authorizer refuses the anonymous caller, and a bad one is a 403', async () => {
    const unsigned = new ImgixClient({ domain, includeLibraryParam: false }).buildURL(strictFileId, PARAMS);
    await assertError(await strict.fetch(imgixPath(unsigned)), 401, 'unauthorized');
    const tampered = imgixPath(signer.buildURL(strictFileId, PARAMS)).replace('w=300', 'w=301');
    await assertError(await strict.fetch(tampered), 403, 'invalid_signature');
  });

  it('a valid signature for an unknown file is a 404', async () => {
    await assertError(await strict.fetch(imgixPath(signer.buildURL('f_doesnotexist00000000', PARAMS))), 404, 'not_found');
  });

  it('a workspace credential renders without a signature', async () => {
    const unsigned = new ImgixClient({ domain, includeLibraryParam: false }).buildURL(strictFileId, PARAMS);
    const response = await strict.fetch(imgixPath(unsigned), { headers: { 'x-test-principal': 'delivery_key' } });
    assert.equal(response.status, 200);
  });
});
