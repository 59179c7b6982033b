// Issue 14 §3–4: uploads stored under a caller-chosen path (unique per workspace, 409 when taken) render as
// /src/uploads/{path}; Cloudinary public ids with folders resolve to that path; migrate-url with a source
// rewrites imgix and Cloudinary URLs to working /src/ URLs; analyze takes {"source", "path"}.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cloudinary } from '@cloudinary/url-gen';
import { fill } from '@cloudinary/url-gen/actions/resize';
import { sampleBytes } from '../fixtures/photos.js';
import { buildTestApp, suiteScope } from '../helpers/build-test-app.js';
import { startOriginServer } from '../helpers/origin-server.js';

describe('uploads under a path', () => {
  const scope = suiteScope();
  const setup = (async () => {
    const app = await buildTestApp(scope, { env: { SOURCES_ALLOW_PRIVATE: '127.0.0.1/32' } });
    const upload = (path: string, bytes = sampleBytes(3)) =>
      app.inject({ method: 'POST', url: `/api/files?path=${encodeURIComponent(path)}`, headers: { 'content-type': 'image/jpeg' }, payload: bytes });
    const stored = await upload('products/shoes/shoe.jpg');
    assert.equal(stored.statusCode, 201, stored.body);
    return { app, upload, file: stored.json() as { id: string; path: string; name: string } };
  })();

  it('stores the path with the file and renders it at /src/uploads/{path}, as /cdn/{id}', async () => {
    const { app, file } = await setup;
    assert.equal(file.path, 'products/shoes/shoe.jpg');
    assert.equal(file.name, 'shoe.jpg');
    const byPath = await app.inject({ method: 'GET', url: '/src/uploads/products/shoes/shoe.jpg?w=160&h=120&gravity=smart' });
    assert.equal(byPath.statusCode, 200, byPath.body);
    const byId = await app.inject({ method: 'GET', url: `/cdn/${file.id}?w=160&h=120&gravity=smart` });
    assert.ok(byPath.rawPayload.equals(byId.rawPayload));
    assert.equal(byPath.headers.etag, byId.headers.etag);
    // An upload's bytes never change and its renders always take the same pipeline: a strong ETag.
    assert.match(String(byId.headers.etag), /^"/);
    assert.equal((await app.inject({ method: 'GET', url: `/api/files/${file.id}` })).json().path, 'products/shoes/shoe.jpg');
  });

  it('a taken path is 409 conflict and a bad one 400; neither stores anything', async () => {
    const { app, upload } = await setup;
    const count = async () => (await app.inject({ method: 'GET', url: '/api/files?limit=100' })).json().items.length as number;
    const before = await count();
    const taken = await upload('products/shoes/shoe.jpg', sampleBytes(2));
    assert.equal(taken.statusCode, 409);
    assert.equal(taken.json().error.code, 'conflict');
    assert.match(taken.json().error.message, /products\/shoes\/shoe\.jpg/);
    for (const bad of ['../x.jpg', 'a//b.jpg', 'a/./b.jpg', '']) {
      const response = await upload(bad);
      assert.equal(response.statusCode, bad === '' ? 404 : 400, `${bad}: ${response.body}`);
    }
    assert.equal(await count(), before);
  });

  it('Cloudinary URLs with folders resolve to the path; plain public ids stay file ids', async () => {
    const { app, file } = await setup;
    const cloudinary = new Cloudinary({ cloud: { cloudName: 'demo' }, url: { analytics: false } });
    const url = cloudinary.image('products/shoes/shoe.jpg').resize(fill().width(200).height(200)).toURL();
    const path = `/cloudinary${new URL(url).pathname.slice('/demo'.length)}`;
    assert.match(path, /^\/cloudinary\/image\/upload\/c_fill,h_200,w_200\/v1\/products\/shoes\/shoe\.jpg$/);
    const viaCloudinary = await app.inject({ method: 'GET', url: path });
    assert.equal(viaCloudinary.statusCode, 200, viaCloudinary.body);
    const native = await app.inject({ method: 'GET', url: '/src/uploads/products/shoes/shoe.jpg?w=200&h=200&f=jpeg' });
    assert.ok(viaCloudinary.rawPayload.equals(native.rawPayload));
    const byId = await app.inject({ method: 'GET', url: `/cloudinary/image/upload/w_100/${file.id}` });
    assert.equal(byId.statusCode, 200);
    const missing = await app.inject({ method: 'GET', url: '/cloudinary/image/upload/w_100/products/none.jpg' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'not_found');
  });

  it('migrate-url with a source rewrites imgix and Cloudinary URLs to /src/ URLs that render', async () => {
    const { app } = await setup;
    const response = await app.inject({
      method: 'POST',
      url: '/api/migrate/url',
      payload: { source: 'uploads', urls: ['https://shop.imgix.net/products/shoes/shoe.jpg?w=400&fit=crop&h=300&crop=faces', 'https://res.cloudinary.com/demo/image/upload/c_fill,w_300,h_300/products/shoes/shoe.jpg'] },
    });
    assert.equal(response.statusCode, 200, response.body);
    const rewritten = response.json().results.map((entry: { convertly: string }) => entry.convertly);
    assert.deepEqual(rewritten, ['/src/uploads/products/shoes/shoe.jpg?w=400&h=300&fit=cover&gravity=faces', '/src/uploads/products/shoes/shoe.jpg?w=300&h=300&fit=cover&f=jpeg']);
    for (const url of rewritten) assert.equal((await app.inject({ method: 'GET', url })).statusCode, 200, url);
    const bad = await app.inject({ method: 'POST', url: '/api/migrate/url', payload: { source: 'No Such', url: 'https://shop.imgix.net/a.jpg' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'invalid_parameter');
  });

  it('analyze takes {"source", "path"}: uploads and a fetched source path; bad bodies are 400', async () => {
    const { app, file } = await setup;
    const analyzed = await app.inject({ method: 'POST', url: '/api/images/analyze', payload: { source: 'uploads', path: 'products/shoes/shoe.jpg' } });
    assert.equal(analyzed.statusCode, 200, analyzed.body);
    assert.ok(Array.isArray(analyzed.json().faces));
    assert.notEqual((await app.inject({ method: 'GET', url: `/api/files/${file.id}` })).json().analysis, null);
    const origin = await startOriginServer(scope);
    origin.put('/team.jpg', { bytes: sampleBytes(2) });
    assert.equal((await app.inject({ method: 'POST', url: '/api/sources', payload: { name: 'web', kind: 'http', baseUrl: origin.url } })).statusCode, 201);
    const fetched = await app.inject({ method: 'POST', url: '/api/images/analyze', payload: { source: 'web', path: 'team.jpg' } });
    assert.equal(fetched.statusCode, 200, fetched.body);
    assert.ok(fetched.json().faces.length >= 1);
    // The stored analysis is reused: gravity=face on the path needs no new detection, and the file has it.
    const listed = (await app.inject({ method: 'GET', url: '/api/files?limit=100' })).json().items.find((item: { path: string }) => item.path === 'team.jpg');
    assert.notEqual(listed?.analysis, null);
    for (const payload of [{ source: 'uploads' }, { path: 'a.jpg' }, { source: 'web', path: '../a.jpg' }, { fileId: 'f_x', path: 'a' }]) {
      const response = await app.inject({ method: 'POST', url: '/api/images/analyze', payload });
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
    }
    assert.equal((await app.inject({ method: 'POST', url: '/api/images/analyze', payload: { source: 'nosuch', path: 'a.jpg' } })).statusCode, 404);
  });
});
