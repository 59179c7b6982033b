// Issue 14 §2: a host mapped to a source serves `GET /{path…}?{params}` in the source's dialect. imgix URLs
// built with @imgix/js-core and Cloudinary URLs with folders built with @cloudinary/url-gen, pointed at that
// host, give the same bytes as the native /src/… URL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cloudinary } from '@cloudinary/url-gen';
import { fill } from '@cloudinary/url-gen/actions/resize';
import { focusOn } from '@cloudinary/url-gen/qualifiers/gravity';
import { face } from '@cloudinary/url-gen/qualifiers/focusOn';
import { sampleBytes } from '../fixtures/photos.js';
import { ImgixClient } from '../compat/compat-helpers.js';
import { buildTestApp, suiteScope, type TestApp } from '../helpers/build-test-app.js';
import { startOriginServer } from '../helpers/origin-server.js';

function pathAndQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

async function same(app: TestApp, mapped: { host: string; url: string }, native: string) {
  const viaHost = await app.app.inject({ method: 'GET', url: mapped.url, headers: { host: mapped.host } });
  assert.equal(viaHost.statusCode, 200, `${mapped.host}${mapped.url}: ${viaHost.body}`);
  const direct = await app.inject({ method: 'GET', url: native });
  assert.equal(direct.statusCode, 200, `${native}: ${direct.body}`);
  assert.equal(viaHost.headers['x-convertly-window'], direct.headers['x-convertly-window']);
  assert.equal(viaHost.headers['x-convertly-focus'], direct.headers['x-convertly-focus']);
  assert.ok(viaHost.rawPayload.equals(direct.rawPayload), `${mapped.url} and ${native} differ in bytes`);
  return viaHost;
}

describe('host-mapped sources', () => {
  const scope = suiteScope();
  const setup = (async () => {
    const origin = await startOriginServer(scope);
    origin.put('/photos/hero.jpg', { bytes: sampleBytes(2) });
    origin.put('/products/shoes/shoe.jpg', { bytes: sampleBytes(3) });
    const app = await buildTestApp(scope, { env: { SOURCES_ALLOW_PRIVATE: '127.0.0.1/32' } });
    const sources = [
      { name: 'shop', kind: 'http', baseUrl: origin.url, public: true, hosts: ['img.shop.com'], dialect: 'imgix' },
      { name: 'cld', kind: 'http', baseUrl: origin.url, public: true, hosts: ['media.shop.com'], dialect: 'cloudinary' },
      { name: 'nat', kind: 'http', baseUrl: origin.url, hosts: ['native.shop.com'] },
    ];
    for (const payload of sources) assert.equal((await app.inject({ method: 'POST', url: '/api/sources', payload })).statusCode, 201);
    return { origin, app };
  })();

  it('an imgix URL built by @imgix/js-core for the mapped host is the native render', async () => {
    const { app } = await setup;
    const client = new ImgixClient({ domain: 'img.shop.com', includeLibraryParam: false });
    const url = client.buildURL('/photos/hero.jpg', { w: 400, h: 300, fit: 'crop', crop: 'faces' });
    const answer = await same(app, { host: 'img.shop.com', url: pathAndQuery(url) }, '/src/shop/photos/hero.jpg?w=400&h=300&gravity=faces');
    assert.equal(answer.headers['x-convertly-focus'], 'faces');
    assert.equal(answer.headers['x-convertly-cache'], 'miss');
    // Only the host name changed: the same URL on the old imgix domain is what the customer had.
    assert.equal(url, 'https://img.shop.com/photos/hero.jpg?w=400&h=300&fit=crop&crop=faces');
    const focal = client.buildURL('/photos/hero.jpg', { w: 200, h: 200, fit: 'crop', crop: 'focalpoint', 'fp-x': 0.3, 'fp-y': 0.6 });
    await same(app, { host: 'img.shop.com', url: pathAndQuery(focal) }, '/src/shop/photos/hero.jpg?w=200&h=200&fp=0.3,0.6');
  });

  it('a Cloudinary URL with folders built by @cloudinary/url-gen for the mapped host is the native render', async () => {
    const { app } = await setup;
    const cloudinary = new Cloudinary({ cloud: { cloudName: 'shop' }, url: { secureDistribution: 'media.shop.com', secure: true, analytics: false } });
    const url = cloudinary.image('products/shoes/shoe.jpg').resize(fill().width(300).height(200).gravity(focusOn(face()))).toURL();
    assert.match(url, /^https:\/\/media\.shop\.com\/shop\/image\/upload\/c_fill,g_face,h_200,w_300\/v1\/products\/shoes\/shoe\.jpg$/);
    const answer = await same(app, { host: 'media.shop.com', url: pathAndQuery(url) }, '/src/cld/products/shoes/shoe.jpg?w=300&h=200&gravity=face&f=jpeg');
    assert.equal(answer.headers['content-type'], 'image/jpeg');
  });

  it('a native host: Convertly parameters, the source\'s access rules, its own 404s', async () => {
    const { app } = await setup;
    const anonymous = await app.app.inject({ method: 'GET', url: '/photos/hero.jpg?w=120', headers: { host: 'native.shop.com' } });
    assert.equal(anonymous.statusCode, 401);
    const withKey = await app.inject({ method: 'GET', url: '/photos/hero.jpg?w=120', headers: { host: 'native.shop.com' } });
    assert.equal(withKey.statusCode, 200, withKey.body);
    const bad = await app.inject({ method: 'GET', url: '/photos/hero.jpg?w=abc', headers: { host: 'native.shop.com' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'invalid_parameter');
    const missing = await app.app.inject({ method: 'GET', url: '/photos/nope.jpg?w=1', headers: { host: 'img.shop.com' } });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'not_found');
    const notCloudinary = await app.app.inject({ method: 'GET', url: '/products/shoes/shoe.jpg', headers: { host: 'media.shop.com' } });
    assert.equal(notCloudinary.statusCode, 404);
    // Other hosts keep the service's own routes.
    assert.equal((await app.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    assert.equal((await app.app.inject({ method: 'GET', url: '/healthz', headers: { host: 'img.shop.com' } })).statusCode, 404);
  });
});
