// Animation over a real socket: an uploaded animated GIF stays animated on /cdn (f=auto negotiated to WebP or
// GIF, never a still), frame=N and its imgix (`frame=N`, built by @imgix/js-core) and Cloudinary (`pg_N`, built
// by @cloudinary/url-gen) spellings are one rendition, and the limits answer JSON errors before any render.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { Cloudinary } from '@cloudinary/url-gen';
import { getFrame } from '@cloudinary/url-gen/actions/extract';
import { fill } from '@cloudinary/url-gen/actions/resize';
import { animatedGif, type Animation } from '../fixtures/animated.js';
import { imgix } from '../compat/compat-helpers.js';
import { startCompatServer, type CompatServer } from './compat-server.js';
import { assertSameAsNative } from './same-as-native.js';

const FRAMES = 6;
let server: CompatServer;
let animation: Animation;
let fileId: string;

before(async () => {
  // 6 frames × 96×96 fit; 6 × 128×128 do not.
  server = await startCompatServer({ env: { MAX_ANIMATION_PIXELS: String(FRAMES * 100 * 100) } });
  animation = await animatedGif({ frames: FRAMES, width: 200, height: 112 });
  const response = await server.fetch('/api/files', { method: 'POST', body: animation.gif, headers: { 'content-type': 'image/gif' } });
  assert.equal(response.status, 201, await response.clone().text());
  fileId = ((await response.json()) as { id: string }).id;
});
after(async () => {
  await server.close();
});

async function get(path: string, accept?: string) {
  const response = await server.fetch(path, accept === undefined ? {} : { headers: { accept } });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

function errorOf(body: Buffer): { code: string; message: string } {
  return (JSON.parse(body.toString()) as { error: { code: string; message: string } }).error;
}

describe('animated GIF on /cdn', () => {
  it('f=auto keeps every frame and delay: WebP when accepted, else GIF', async () => {
    const webp = await get(`/cdn/${fileId}?w=96&h=96&gravity=smart`, 'image/avif,image/webp,*/*');
    assert.equal(webp.status, 200, webp.body.toString());
    assert.equal(webp.headers.get('content-type'), 'image/webp');
    assert.match(webp.headers.get('vary') ?? '', /Accept/);
    const gif = await get(`/cdn/${fileId}?w=96&h=96&gravity=smart`, 'image/avif,*/*');
    assert.equal(gif.headers.get('content-type'), 'image/gif');
    for (const { body } of [webp, gif]) {
      const meta = await sharp(body).metadata();
      assert.deepEqual([meta.pages, meta.delay, meta.loop], [FRAMES, [...animation.delays], animation.loop]);
    }
    // One window for every frame, reported like any crop.
    assert.equal(webp.headers.get('x-convertly-window'), gif.headers.get('x-convertly-window'));
  });

  it('frames × output pixels over MAX_ANIMATION_PIXELS is a 413 JSON error; one frame of that size is fine', async () => {
    const over = await get(`/cdn/${fileId}?w=128&h=128&f=gif`);
    assert.equal(over.status, 413);
    assert.equal(errorOf(over.body).code, 'image_too_large');
    assert.match(errorOf(over.body).message, /6 frames at 128×128/);
    assert.equal((await get(`/cdn/${fileId}?w=128&h=128&f=gif&frame=2`)).status, 200);
  });

  it('bad cases are 400s naming the parameter', async () => {
    for (const [query, name] of [['frame=7', 'frame'], ['frame=0', 'frame'], ['frame=x', 'frame'], ['rot=90', 'rot'], ['flip=v', 'flip'], ['blur=2', 'blur']] as const) {
      const response = await get(`/cdn/${fileId}?w=64&f=gif&${query}`);
      assert.equal(response.status, 400, query);
      const error = errorOf(response.body);
      assert.equal(error.code, 'invalid_parameter', query);
      assert.ok(error.message.includes(name), `${query}: ${error.message}`);
    }
  });
});

describe('frame=N from the migration dialects', () => {
  it('imgix frame=N (built by @imgix/js-core) is the native frame=N', async () => {
    const url = new URL(imgix.buildURL(fileId, { w: 96, h: 96, fit: 'crop', frame: 3, fm: 'png' }));
    const rendered = await assertSameAsNative(server, { compatPath: `/imgix/${fileId}${url.search}`, fileId, query: { w: '96', h: '96', fit: 'cover', frame: '3', f: 'png' } });
    assert.deepEqual([rendered.width, rendered.height], [96, 96]);
  });

  it('Cloudinary pg_N (built by @cloudinary/url-gen) is the native frame=N', async () => {
    const cloudinary = new Cloudinary({ cloud: { cloudName: 'demo' }, url: { analytics: false } });
    const url = new URL(cloudinary.image(fileId).resize(fill().width(96).height(96)).extract(getFrame().byNumber(3)).format('png').toURL());
    const path = url.pathname.slice(url.pathname.indexOf('/image/upload/'));
    const rendered = await assertSameAsNative(server, { compatPath: `/cloudinary${path}`, fileId, query: { w: '96', h: '96', fit: 'cover', frame: '3', f: 'png' } });
    assert.deepEqual([rendered.width, rendered.height], [96, 96]);
  });
});
