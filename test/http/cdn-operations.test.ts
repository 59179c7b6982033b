// The new operations over a real socket: they change the ETag (never silently ignored), unknown parameters
// are named in X-Convertly-Unsupported, and a misspelt one is a 400 naming the parameter it looks like.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { buildTestApp, suiteScope, type TestApp } from '../helpers/build-test-app.js';
import { errorOf, fetchBytes, smallPhoto, uploadViaFetch, type FileJson } from './helpers/http-fixtures.js';

describe('operations on /cdn', () => {
  const scope = suiteScope();
  let server: TestApp;
  let small: FileJson;
  const get = (path: string) => fetchBytes(server, path);

  before(async () => {
    server = await buildTestApp(scope, { listen: true });
    small = await uploadViaFetch(server, await smallPhoto(1), 'small.jpg');
  });

  it('each one renders a different variant from the plain URL', async () => {
    const plain = await get(`/cdn/${small.id}?w=120&h=120&f=png`);
    assert.equal(plain.status, 200);
    const etags = new Set([plain.headers.get('etag')]);
    for (const extra of ['rot=90', 'flip=h', 'blur=2', 'sharpen=1', 'trim=10', 'bg=ff0000', 'pad=4', 'upscale=0', 'rot=45']) {
      const response = await get(`/cdn/${small.id}?w=120&h=120&f=png&${extra}`);
      assert.equal(response.status, 200, `${extra}: ${response.body.toString()}`);
      assert.equal(response.headers.get('x-convertly-unsupported'), null, extra);
      etags.add(response.headers.get('etag'));
    }
    assert.equal(etags.size, 10);
  });

  it('names unknown parameters in X-Convertly-Unsupported, and answers a misspelling with a 400 naming both', async () => {
    const unknown = await get(`/cdn/${small.id}?w=100&utm_source=mail&txt=Hello`);
    assert.equal(unknown.status, 200);
    assert.equal(unknown.headers.get('x-convertly-unsupported'), 'utm_source,txt');
    const typo = await get(`/cdn/${small.id}?w=100&h=100&gravty=face`);
    assert.equal(typo.status, 400);
    const error = errorOf(typo.body);
    assert.equal(error.code, 'invalid_parameter');
    assert.match(error.message, /"gravty".*gravity/);
    for (const [query, known] of [['sharpne=1', 'sharpen'], ['blurr=2', 'blur'], ['upscael=0', 'upscale'], ['W=100', 'w']] as const) {
      const response = await get(`/cdn/${small.id}?${query}`);
      assert.equal(response.status, 400, query);
      assert.match(response.body.toString(), new RegExp(`did you mean ${known}\\?`), query);
    }
  });

  it('a bad value of a new parameter is a 400 that names it', async () => {
    for (const [query, name] of [['rot=400', 'rot'], ['flip=x', 'flip'], ['bg=nope', 'bg'], ['pad=1,2', 'pad'], ['blur=1000', 'blur'], ['w=10&h=10&trim=5&gravity=face', 'trim']] as const) {
      const response = await get(`/cdn/${small.id}?${query}`);
      assert.equal(response.status, 400, query);
      const error = errorOf(response.body);
      assert.equal(error.code, 'invalid_parameter');
      assert.match(error.message, new RegExp(`for ${name} `), query);
    }
  });
});
