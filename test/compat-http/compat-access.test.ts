// The compat routes go through the same access layer as /cdn/ and the API: renders need what /cdn/ needs,
// the migration API needs a workspace credential.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCompatServer, type CompatServer } from './compat-server.js';
import { assertError } from './same-as-native.js';
import { strictAccess } from './strict-access.js';

let server: CompatServer;
let fileId: string;

before(async () => {
  server = await startCompatServer({ access: strictAccess });
  fileId = await server.upload(3, { 'x-test-principal': 'api_key' });
});

after(async () => {
  await server?.close();
});

const as = (principal: string) => ({ headers: { 'x-test-principal': principal } });

describe('compat routes behind an access layer', () => {
  it('/cloudinary/ and /imgix/ renders are refused to anonymous callers and served to a delivery key', async () => {
    for (const path of [`/cloudinary/image/upload/c_fill,w_100,h_100/${fileId}.jpg`, `/imgix/${fileId}?w=100&h=100&fit=crop`]) {
      await assertError(await server.fetch(path), 401, 'unauthorized');
      const response = await server.fetch(path, as('delivery_key'));
      assert.equal(response.status, 200, path);
      assert.match(response.headers.get('cache-control') ?? '', /^public, /);
    }
  });

  it('POST /api/migrate/url needs a workspace credential: 401 anonymous, 403 for a delivery key', async () => {
    const init = (principal: string) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-principal': principal },
      body: JSON.stringify({ url: 'https://a.imgix.net/x.jpg?w=10' }),
    });
    await assertError(await server.fetch('/api/migrate/url', init('anonymous')), 401, 'unauthorized');
    await assertError(await server.fetch('/api/migrate/url', init('delivery_key')), 403, 'delivery_key_not_allowed');
    const response = await server.fetch('/api/migrate/url', init('api_key'));
    assert.equal(response.status, 200);
  });
});
