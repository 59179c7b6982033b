// Watermarks in the migration dialects over a real socket: imgix URLs built by @imgix/js-core and Cloudinary
// overlays built by @cloudinary/url-gen render the native /cdn/ URL's bytes, and what is not mapped is named.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { Cloudinary, Transformation } from '@cloudinary/url-gen';
import { source } from '@cloudinary/url-gen/actions/overlay';
import { image, text } from '@cloudinary/url-gen/qualifiers/source';
import { TextStyle } from '@cloudinary/url-gen/qualifiers/textStyle';
import { Position } from '@cloudinary/url-gen/qualifiers/position';
import { compass } from '@cloudinary/url-gen/qualifiers/gravity';
import { fill, scale } from '@cloudinary/url-gen/actions/resize';
import { opacity } from '@cloudinary/url-gen/actions/adjust';
import { northWest, southEast } from '@cloudinary/url-gen/qualifiers/compass';
import { imgix } from '../compat/compat-helpers.js';
import { startCompatServer, type CompatServer } from './compat-server.js';
import { assertSameAsNative } from './same-as-native.js';

const cloudinary = new Cloudinary({ cloud: { cloudName: 'demo' } });
let server: CompatServer;
let fileId: string;

async function uploadLogo(path: string): Promise<void> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><circle cx="100" cy="50" r="40" fill="rgb(0,255,0)" fill-opacity="0.8"/></svg>`;
  const body = await sharp(Buffer.from(svg)).png().toBuffer();
  const response = await server.fetch(`/api/files?path=${encodeURIComponent(path)}`, { method: 'POST', body, headers: { 'content-type': 'image/png' } });
  assert.equal(response.status, 201, await response.text());
}

before(async () => {
  server = await startCompatServer();
  fileId = await server.upload(1);
  await uploadLogo('brand/logo.png');
  await uploadLogo('brand/logo');
});
after(async () => {
  await server?.close();
});

function imgixPath(url: string): string {
  const parsed = new URL(url);
  return `/imgix${parsed.pathname}${parsed.search}`;
}

function cloudinaryPath(url: string): string {
  const parsed = new URL(url);
  const marker = '/image/upload/';
  return `/cloudinary/image/upload/${parsed.pathname.slice(parsed.pathname.indexOf(marker) + marker.length)}${parsed.search}`;
}

describe('imgix mark parameters, built by @imgix/js-core', () => {
  it('mark (a URL of this workspace), mark-align, markw, markalpha, markpad: the native URL', async () => {
    const url = imgix.buildURL(fileId, { w: 400, mark: 'https://example.imgix.net/brand/logo.png', 'mark-align': 'top,left', markw: 0.2, markalpha: 50, markpad: 12 });
    const query = { w: '400', mark: 'brand/logo.png', markpos: 'northwest', markw: '0.2', markalpha: '50', markpad: '12' };
    const rendered = await assertSameAsNative(server, { compatPath: imgixPath(url), fileId, query });
    assert.deepEqual([rendered.width, rendered.height], [400, 267]);
    assert.equal(rendered.headers.get('x-convertly-unsupported'), null);
  });

  it('markx/marky pin it to the left/top at that offset, a markw in pixels becomes the fraction of w, imgix pads 5 by default', async () => {
    const url = imgix.buildURL(fileId, { w: 400, h: 300, fit: 'crop', mark: '/brand/logo.png', markw: 100, markx: 20, 'mark-align': 'bottom' });
    const query = { w: '400', h: '300', fit: 'cover', mark: 'brand/logo.png', markpos: 'southwest', markw: '0.25', markpad: '20,5' };
    await assertSameAsNative(server, { compatPath: imgixPath(url), fileId, query });
  });

  it('names what it cannot draw: the mark height, a mark of another scheme', async () => {
    const withHeight = await server.fetch(imgixPath(imgix.buildURL(fileId, { w: 300, mark: 'brand/logo.png', markh: 0.2 })));
    assert.equal(withHeight.status, 200);
    assert.match(withHeight.headers.get('x-convertly-unsupported') ?? '', /markh/);
    const data = await server.fetch(imgixPath(imgix.buildURL(fileId, { w: 300, mark: 'data:image/png;base64,AAAA' })));
    assert.equal(data.status, 200);
    assert.match(data.headers.get('x-convertly-unsupported') ?? '', /mark/);
    assert.equal(data.headers.get('etag'), (await server.fetch(`/cdn/${fileId}?w=300`)).headers.get('etag'));
  });
});

describe('Cloudinary overlays, built by @cloudinary/url-gen', () => {
  it('l_ with a relative width and opacity, applied with fl_layer_apply at g_south_east, x_, y_: the native URL', async () => {
    const layer = new Transformation().resize(scale().width(0.2).relative()).adjust(opacity(50));
    const url = cloudinary.image(fileId).resize(fill().width(400).height(300))
      .overlay(source(image('brand/logo').transformation(layer)).position(new Position().gravity(compass(southEast())).offsetX(10).offsetY(20))).toURL();
    assert.match(url, /l_brand:logo\/.*fl_layer_apply,g_south_east,x_10,y_20/);
    const query = { w: '400', h: '300', fit: 'cover', mark: 'brand/logo', markw: '0.2', markalpha: '50', markpad: '10,20' };
    const rendered = await assertSameAsNative(server, { compatPath: cloudinaryPath(url), fileId, query });
    assert.equal(rendered.headers.get('x-convertly-unsupported'), null);
  });

  it('a width in pixels is the fraction of the output width; no g_ is the centre', async () => {
    const url = cloudinary.image(fileId).resize(scale().width(500)).overlay(source(image('brand/logo').transformation(new Transformation().resize(scale().width(100))))).toURL();
    await assertSameAsNative(server, { compatPath: cloudinaryPath(url), fileId, query: { w: '500', mark: 'brand/logo', markpos: 'center', markw: '0.2' } });
  });

  it('a text overlay is not drawn and is named', async () => {
    const url = cloudinary.image(fileId).resize(scale().width(300))
      .overlay(source(text('Hello', new TextStyle('arial', 20))).position(new Position().gravity(compass(northWest())))).toURL();
    const response = await server.fetch(cloudinaryPath(url));
    assert.equal(response.status, 200, await response.clone().text());
    assert.equal(response.headers.get('x-convertly-unsupported'), 'l_text:arial_20:Hello');
    assert.equal(response.headers.get('etag'), (await server.fetch(`/cdn/${fileId}?w=300`)).headers.get('etag'));
  });
});
