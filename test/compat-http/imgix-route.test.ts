// `/imgix/{fileId}?…` over a real socket: URLs built by @imgix/js-core render exactly what the native /cdn/ URL with
// the translated parameters renders (one cache entry, one ETag), bad parameters are 400s naming them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { translateImgixQuery } from '../../src/compat/index.js';
import { ImgixClient, imgix, queryOf } from '../compat/compat-helpers.js';
import { startCompatServer, type CompatServer } from './compat-server.js';
import { assertError, assertSameAsNative, type Rendered } from './same-as-native.js';

type ImgixParams = Record<string, string | number>;

interface Row {
  readonly params: ImgixParams;
  /** The Convertly query the route must render (written by hand: the test is not the translator). */
  readonly query: Record<string, string>;
  readonly size: readonly [number, number];
  readonly type: string;
  readonly accept?: string;
  readonly check?: (rendered: Rendered) => void;
}

// sample1.jpg is 1920×1280 (3:2), a group of faces.
const SOURCE = { width: 1920, height: 1280 };

const ROWS: readonly Row[] = [
  { params: { w: 400 }, query: { w: '400' }, size: [400, 267], type: 'image/jpeg' },
  { params: { w: 300, h: 300 }, query: { w: '300', h: '300', fit: 'inside' }, size: [300, 200], type: 'image/jpeg' },
  {
    params: { w: 300, h: 300, fit: 'crop', crop: 'faces' },
    query: { w: '300', h: '300', fit: 'cover', gravity: 'faces' },
    size: [300, 300],
    type: 'image/jpeg',
    check: ({ focus }) => assert.equal(focus, 'faces'),
  },
  {
    params: { w: 240, h: 320, fit: 'crop', crop: 'faces,entropy' },
    query: { w: '240', h: '320', fit: 'cover', gravity: 'faces' },
    size: [240, 320],
    type: 'image/jpeg',
  },
  {
    params: { w: 300, h: 300, fit: 'crop', crop: 'entropy' },
    query: { w: '300', h: '300', fit: 'cover', gravity: 'entropy' },
    size: [300, 300],
    type: 'image/jpeg',
    check: ({ focus }) => assert.equal(focus, 'entropy'),
  },
  { params: { w: 300, h: 300, fit: 'crop', crop: 'edges' }, query: { w: '300', h: '300', fit: 'cover', gravity: 'smart' }, size: [300, 300], type: 'image/jpeg' },
  {
    params: { w: 400, h: 200, fit: 'crop', crop: 'focalpoint', 'fp-x': 0.3, 'fp-y': 0.6 },
    query: { w: '400', h: '200', fit: 'cover', fp: '0.3,0.6' },
    size: [400, 200],
    type: 'image/jpeg',
    // The largest 2:1 window is the full width, 960 high, centred on y = 0.6 × 1280 = 768 (then clamped).
    check: ({ window, focus }) => {
      assert.equal(focus, 'fp');
      assert.deepEqual(window, { x: 0, y: 288, width: 1920, height: 960 });
    },
  },
  {
    params: { w: 300, h: 300, fit: 'crop', crop: 'top,left' },
    query: { w: '300', h: '300', fit: 'cover', gravity: 'northwest' },
    size: [300, 300],
    type: 'image/jpeg',
    check: ({ window }) => assert.deepEqual(window, { x: 0, y: 0, width: 1280, height: 1280 }),
  },
  {
    params: { w: 300, h: 100, fit: 'crop', crop: 'bottom' },
    query: { w: '300', h: '100', fit: 'cover', gravity: 'south' },
    size: [300, 100],
    type: 'image/jpeg',
    check: ({ window }) => assert.deepEqual(window, { x: 0, y: 640, width: 1920, height: 640 }),
  },
  { params: { w: 300, h: 300, fit: 'fill' }, query: { w: '300', h: '300', fit: 'contain', bg: '00000000' }, size: [300, 300], type: 'image/jpeg' },
  { params: { w: 300, h: 100, fit: 'scale' }, query: { w: '300', h: '100', fit: 'fill' }, size: [300, 100], type: 'image/jpeg' },
  { params: { w: 100, h: 100, fit: 'min' }, query: { w: '100', h: '100', fit: 'cover' }, size: [100, 100], type: 'image/jpeg' },
  {
    params: { w: 200, fit: 'crop', ar: '16:9', crop: 'faces' },
    query: { w: '200', h: '113', fit: 'cover', gravity: 'faces' },
    size: [200, 113],
    type: 'image/jpeg',
  },
  {
    params: { w: 150, h: 100, fit: 'crop', crop: 'faces', dpr: 2 },
    query: { w: '150', h: '100', dpr: '2', fit: 'cover', gravity: 'faces' },
    size: [300, 200],
    type: 'image/jpeg',
  },
  { params: { w: 200, h: 200, fit: 'crop', fm: 'webp', q: 60 }, query: { w: '200', h: '200', fit: 'cover', f: 'webp', q: '60' }, size: [200, 200], type: 'image/webp' },
  { params: { w: 120, fm: 'png' }, query: { w: '120', f: 'png' }, size: [120, 80], type: 'image/png' },
  { params: { w: 160, auto: 'format,compress' }, query: { w: '160', f: 'auto', q: '45' }, size: [160, 107], type: 'image/avif', accept: 'image/avif,image/webp,*/*' },
  { params: { w: 160, auto: 'format' }, query: { w: '160', f: 'auto' }, size: [160, 107], type: 'image/webp', accept: 'image/webp,*/*' },
  // Relative sizes need the source size, which the route reads from the file record.
  { params: { w: 0.25 }, query: { w: '480' }, size: [480, 320], type: 'image/jpeg' },
  { params: { h: 100, fit: 'crop', crop: 'focalpoint' }, query: { h: '100' }, size: [150, 100], type: 'image/jpeg' },
];

let server: CompatServer;
let fileId: string;

before(async () => {
  server = await startCompatServer();
  fileId = await server.upload(1);
});

after(async () => {
  await server?.close();
});

/** The path and query imgix's client wrote, under our /imgix prefix. */
function imgixPath(url: string): string {
  const parsed = new URL(url);
  return `/imgix${parsed.pathname}${parsed.search}`;
}

describe('GET /imgix/{fileId}: URLs built by @imgix/js-core render as the native /cdn/ URL', () => {
  for (const row of ROWS) {
    it(JSON.stringify(row.params), async () => {
      const url = imgix.buildURL(fileId, row.params);
      const translated = translateImgixQuery(queryOf(url), { sourceSize: SOURCE });
      assert.deepEqual(translated.query, row.query, url);
      const rendered = await assertSameAsNative(server, { compatPath: imgixPath(url), fileId, query: row.query, ...(row.accept ? { accept: row.accept } : {}) });
      assert.deepEqual([rendered.width, rendered.height], row.size, url);
      assert.equal(rendered.contentType, row.type, url);
      assert.equal(rendered.headers.get('x-convertly-unsupported'), null);
      row.check?.(rendered);
    });
  }

  it('answers 304 to the ETag of the native URL (one cache key space)', async () => {
    const native = await server.fetch(`/cdn/${fileId}?w=400`);
    const etag = native.headers.get('etag');
    assert.ok(etag);
    const url = imgix.buildURL(fileId, { w: 400 });
    const response = await server.fetch(imgixPath(url), { headers: { 'if-none-match': etag } });
    assert.equal(response.status, 304);
    assert.equal(response.headers.get('etag'), etag);
  });

  it('keeps the extension and folders of an imgix path out of the file id', async () => {
    const url = imgix.buildURL(`/blog/2024/${fileId}.jpg`, { w: 400 });
    await assertSameAsNative(server, { compatPath: imgixPath(url), fileId, query: { w: '400' } });
  });

  it('renders without what it cannot express and lists it in X-Convertly-Unsupported', async () => {
    const url = imgix.buildURL(fileId, { w: 300, h: 300, fit: 'crop', crop: 'faces', txt: 'Hello', blur: 20, rot: 90, rect: '0,0,100,100' });
    const rendered = await assertSameAsNative(server, { compatPath: imgixPath(url), fileId, query: { w: '300', h: '300', fit: 'cover', gravity: 'faces' } });
    assert.equal(rendered.headers.get('x-convertly-unsupported'), 'txt,blur,rot,rect');
  });

  it('reports names outside plain ASCII percent-encoded, and ignores the ixlib stamp and a delivery key', async () => {
    const withLibrary = new ImgixClient({ domain: 'example.imgix.net' }).buildURL(fileId, { w: 400 });
    assert.match(withLibrary, /ixlib=/);
    const rendered = await assertSameAsNative(server, { compatPath: `${imgixPath(withLibrary)}&key=cvld_test&%C3%BCber=1`, fileId, query: { w: '400' } });
    assert.equal(rendered.headers.get('x-convertly-unsupported'), '%C3%BCber');
  });
});

describe('GET /imgix/{fileId}: what is refused', () => {
  const BAD: ReadonlyArray<readonly [ImgixParams | string, string]> = [
    [{ w: 200, fm: 'jp2' }, 'fm'],
    [{ w: 200, fm: 'json' }, 'fm'],
    [{ w: 'wide' }, 'w'],
    [{ w: 9000 }, 'w'],
    [{ w: 200, h: 200, fit: 'facearea' }, 'fit'],
    [{ w: 200, fit: 'sideways' }, 'fit'],
    [{ w: 200, h: 200, fit: 'crop', crop: 'sideways' }, 'crop'],
    [{ w: 200, h: 200, fit: 'crop', crop: 'focalpoint', 'fp-x': 1.5 }, 'fp-x'],
    [{ w: 200, dpr: 9 }, 'dpr'],
    [{ w: 200, q: 101 }, 'q'],
    [{ w: 200, auto: 'magic' }, 'auto'],
    [{ w: 200, ar: 'wide', fit: 'crop' }, 'ar'],
    [{ w: 4000, dpr: 3 }, 'dpr'],
    ['w=100&w=200', 'w'],
  ];
  for (const [params, name] of BAD) {
    it(`${JSON.stringify(params)} is a 400 naming ${name}`, async () => {
      const path = typeof params === 'string' ? `/imgix/${fileId}?${params}` : imgixPath(imgix.buildURL(fileId, params));
      await assertError(await server.fetch(path), 400, 'invalid_parameter', name);
    });
  }

  it('an unknown file is a 404, whatever the parameters', async () => {
    await assertError(await server.fetch(imgixPath(imgix.buildURL('f_doesnotexist00000000', { w: 200 }))), 404, 'not_found');
    await assertError(await server.fetch('/imgix/no%20such%20file.jpg?w=200'), 404, 'not_found');
    await assertError(await server.fetch('/imgix/'), 404, 'not_found');
  });
});
