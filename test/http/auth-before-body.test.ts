// A request without a valid workspace credential is refused from its headers, before the body is
// read: nobody can make the server buffer uploads (or reach the image parser on other routes).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './helpers/test-server.js';

describe('credentials are checked before the body is read', () => {
  let server: TestServer;
  before(async () => {
    // A tiny upload limit: had the body been read first, these would be 413, not 401.
    server = await startTestServer({ env: { MAX_UPLOAD_BYTES: '1000' }, listen: false });
  });
  after(() => server.close());

  const bigBody = Buffer.alloc(3 * 1024 * 1024, 0xff);

  for (const [name, headers] of [
    ['no credential', {}],
    ['an unknown API key', { authorization: 'Bearer cvly_0000000000000000000000000000000000000000000' }],
  ] as const) {
    it(`a 3 MB raw upload with ${name} is 401`, async () => {
      const response = await server.app.inject({ method: 'POST', url: '/api/files', headers: { 'content-type': 'image/jpeg', ...headers }, payload: bigBody });
      assert.equal(response.statusCode, 401, response.body);
      assert.equal(response.json().error.code, 'unauthorized');
    });
  }

  it('the raw image parser exists only on upload routes: an image body elsewhere is 415', async () => {
    const response = await server.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'image/jpeg' }, payload: bigBody });
    assert.equal(response.statusCode, 415, response.body);
  });

  it('with the API key the same upload reaches the size check (413)', async () => {
    const response = await server.app.inject({ method: 'POST', url: '/api/files', headers: { 'content-type': 'image/jpeg', ...server.auth }, payload: bigBody });
    assert.equal(response.statusCode, 413, response.body);
  });
});
