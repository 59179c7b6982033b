// `/cloudinary/image/upload/{transformations}/{fileId}[.ext]` over a real socket: URLs built by @cloudinary/url-gen
// render exactly what the native /cdn/ URL with the translated parameters renders; what cannot be one render is a 400.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Cloudinary } from '@cloudinary/url-gen';
import type { CloudinaryImage } from '@cloudinary/url-gen/assets/CloudinaryImage';
import { sepia } from '@cloudinary/url-gen/actions/effect';
import { dpr, format, quality } from '@cloudinary/url-gen/actions/delivery';
import { crop, fill, fit, limitFit, pad, scale, thumbnail } from '@cloudinary/url-gen/actions/resize';
import { byAngle } from '@cloudinary/url-gen/actions/rotate';
import { ar16X9, ar1X1 } from '@cloudinary/url-gen/qualifiers/aspectRatio';
import { center, northWest, south } from '@cloudinary/url-gen/qualifiers/compass';
import { auto as autoFormat, avif, bmp, png, webp } from '@cloudinary/url-gen/qualifiers/format';
import { face, faces } from '@cloudinary/url-gen/qualifiers/focusOn';
import { autoGravity, compass, focusOn, xyCenter } from '@cloudinary/url-gen/qualifiers/gravity';
import { auto as autoQuality } from '@cloudinary/url-gen/qualifiers/quality';
import { splitCloudinaryPath, translateCloudinaryTransformations } from '../../src/compat/index.js';
import { startCompatServer, type CompatServer } from './compat-server.js';
import { assertError, assertSameAsNative, type Rendered } from './same-as-native.js';

// Analytics stay on (`?_a=…`), as customers' URLs have them: the route must ignore the query.
const cloudinary = new Cloudinary({ cloud: { cloudName: 'demo' } });
// sample1.jpg is 1920×1280 (3:2), a group of faces.
const SOURCE = { width: 1920, height: 1280 };

interface Row {
  readonly name: string;
  readonly build: (image: CloudinaryImage) => CloudinaryImage;
  /** Appended to the file id as the delivery extension. */
  readonly extension?: string;
  readonly query: Record<string, string>;
  readonly size: readonly [number, number];
  readonly type: string;
  readonly accept?: string;
  readonly check?: (rendered: Rendered) => void;
}

const ROWS: readonly Row[] = [
  {
    name: 'c_fill g_face',
    build: (image) => image.resize(fill().width(300).height(200).gravity(focusOn(face()))),
    query: { w: '300', h: '200', fit: 'cover', gravity: 'face' },
    size: [300, 200],
    type: 'image/jpeg',
  },
  {
    name: 'c_fill g_faces',
    build: (image) => image.resize(fill().width(300).height(300).gravity(focusOn(faces()))),
    query: { w: '300', h: '300', fit: 'cover', gravity: 'faces' },
    size: [300, 300],
    type: 'image/jpeg',
    check: ({ focus }) => assert.equal(focus, 'faces'),
  },
  {
    name: 'c_fill g_auto',
    build: (image) => image.resize(fill().width(240).height(320).gravity(autoGravity())),
    query: { w: '240', h: '320', fit: 'cover', gravity: 'smart' },
    size: [240, 320],
    type: 'image/jpeg',
  },
  {
    name: 'c_fill g_north_west',
    build: (image) => image.resize(fill().width(300).height(300).gravity(compass(northWest()))),
    query: { w: '300', h: '300', fit: 'cover', gravity: 'northwest' },
    size: [300, 300],
    type: 'image/jpeg',
    check: ({ window }) => assert.deepEqual(window, { x: 0, y: 0, width: 1280, height: 1280 }),
  },
  {
    name: 'c_fill g_south',
    build: (image) => image.resize(fill().width(300).height(100).gravity(compass(south()))),
    query: { w: '300', h: '100', fit: 'cover', gravity: 'south' },
    size: [300, 100],
    type: 'image/jpeg',
    check: ({ window }) => assert.deepEqual(window, { x: 0, y: 640, width: 1920, height: 640 }),
  },
  {
    name: 'g_xy_center with fractions',
    build: (image) => image.resize(fill().width(400).height(200).gravity(xyCenter()).x(0.3).y(0.6)),
    query: { w: '400', h: '200', fit: 'cover', fp: '0.3,0.6' },
    size: [400, 200],
    type: 'image/jpeg',
    check: ({ window, focus }) => {
      assert.equal(focus, 'fp');
      assert.deepEqual(window, { x: 0, y: 288, width: 1920, height: 960 });
    },
  },
  {
    name: 'g_xy_center with pixels (needs the source size)',
    build: (image) => image.resize(fill().width(300).height(300).gravity(xyCenter()).x(1440).y(320)),
    query: { w: '300', h: '300', fit: 'cover', fp: '0.75,0.25' },
    size: [300, 300],
    type: 'image/jpeg',
    // A 1280 square centred on x = 1440 is clamped to the right edge.
    check: ({ window }) => assert.deepEqual(window, { x: 640, y: 0, width: 1280, height: 1280 }),
  },
  {
    name: 'c_fit',
    build: (image) => image.resize(fit().width(300).height(300)),
    query: { w: '300', h: '300', fit: 'inside' },
    size: [300, 200],
    type: 'image/jpeg',
  },
  { name: 'c_scale, one side', build: (image) => image.resize(scale().width(300)), query: { w: '300' }, size: [300, 200], type: 'image/jpeg' },
  {
    name: 'c_scale, both sides (stretch)',
    build: (image) => image.resize(scale().width(300).height(100)),
    query: { w: '300', h: '100', fit: 'fill' },
    size: [300, 100],
    type: 'image/jpeg',
  },
  { name: 'c_scale w_0.25 (relative)', build: (image) => image.resize(scale().width(0.25)), query: { w: '480' }, size: [480, 320], type: 'image/jpeg' },
  {
    name: 'c_pad',
    build: (image) => image.resize(pad().width(300).height(300)),
    query: { w: '300', h: '300', fit: 'contain', bg: '00000000' },
    size: [300, 300],
    type: 'image/jpeg',
  },
  {
    name: 'c_crop ar_1:1 g_face (needs the source size)',
    build: (image) => image.resize(crop().aspectRatio(ar1X1()).gravity(focusOn(face()))),
    query: { w: '1280', h: '1280', fit: 'cover', gravity: 'face' },
    size: [1280, 1280],
    type: 'image/jpeg',
  },
  {
    name: 'c_thumb g_face',
    build: (image) => image.resize(thumbnail().width(200).height(200).gravity(focusOn(face()))),
    query: { w: '200', h: '200', fit: 'cover', gravity: 'face' },
    size: [200, 200],
    type: 'image/jpeg',
  },
  {
    name: 'ar_16:9 with w_',
    build: (image) => image.resize(fill().width(320).aspectRatio(ar16X9()).gravity(compass(center()))),
    query: { w: '320', h: '180', fit: 'cover', gravity: 'center' },
    size: [320, 180],
    type: 'image/jpeg',
  },
  {
    name: 'f_webp q_70',
    build: (image) => image.resize(fill().width(200).height(200)).delivery(format(webp())).delivery(quality(70)),
    query: { w: '200', h: '200', fit: 'cover', f: 'webp', q: '70' },
    size: [200, 200],
    type: 'image/webp',
  },
  {
    name: 'dpr_2.0',
    build: (image) => image.resize(fill().width(150).height(100).gravity(focusOn(faces()))).delivery(dpr(2)),
    query: { w: '150', h: '100', dpr: '2', fit: 'cover', gravity: 'faces' },
    size: [300, 200],
    type: 'image/jpeg',
  },
  {
    name: 'f_auto q_auto',
    build: (image) => image.resize(scale().width(160)).delivery(format(autoFormat())).delivery(quality(autoQuality())),
    query: { w: '160', f: 'auto' },
    size: [160, 107],
    type: 'image/avif',
    accept: 'image/avif,image/webp,*/*',
  },
  {
    name: 'c_limit f_avif',
    build: (image) => image.resize(limitFit().width(200).height(200)).delivery(format(avif())),
    query: { w: '200', h: '200', fit: 'inside', f: 'avif' },
    size: [200, 133],
    type: 'image/avif',
  },
  { name: '.png extension', build: (image) => image.resize(scale().width(120)), extension: 'png', query: { w: '120', f: 'png' }, size: [120, 80], type: 'image/png' },
  {
    name: 'chain: c_scale then c_fill',
    build: (image) => image.resize(scale().width(1000)).resize(fill().width(200).height(200).gravity(compass(center()))),
    query: { w: '200', h: '200', fit: 'cover', gravity: 'center' },
    size: [200, 200],
    type: 'image/jpeg',
    check: ({ window }) => assert.deepEqual(window, { x: 320, y: 0, width: 1280, height: 1280 }),
  },
  {
    name: 'chain: c_fill then a proportional c_scale',
    build: (image) => image.resize(fill().width(300).height(200).gravity(focusOn(faces()))).resize(scale().width(150)),
    query: { w: '150', h: '100', fit: 'cover', gravity: 'faces' },
    size: [150, 100],
    type: 'image/jpeg',
  },
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

/** The part of a url-gen URL after `/image/upload/`, query included, under our route. */
function cloudinaryPath(url: string): string {
  const parsed = new URL(url);
  const marker = '/image/upload/';
  return `/cloudinary/image/upload/${parsed.pathname.slice(parsed.pathname.indexOf(marker) + marker.length)}${parsed.search}`;
}

function urlOf(build: (image: CloudinaryImage) => CloudinaryImage, publicId: string): string {
  return build(cloudinary.image(publicId)).toURL();
}

describe('GET /cloudinary/image/upload/…: URLs built by @cloudinary/url-gen render as the native /cdn/ URL', () => {
  for (const row of ROWS) {
    it(row.name, async () => {
      const url = urlOf(row.build, row.extension === undefined ? fileId : `${fileId}.${row.extension}`);
      assert.match(url, /\?_a=/);
      const parts = splitCloudinaryPath(new URL(url).pathname.split('/image/upload/')[1] ?? '');
      assert.ok(parts !== null);
      const translated = translateCloudinaryTransformations(parts.transformations, {
        sourceSize: SOURCE,
        ...(parts.extension === undefined ? {} : { extension: parts.extension }),
      });
      assert.deepEqual(translated.query, row.query, url);
      const rendered = await assertSameAsNative(server, { compatPath: cloudinaryPath(url), fileId, query: row.query, ...(row.accept ? { accept: row.accept } : {}) });
      assert.deepEqual([rendered.width, rendered.height], row.size, url);
      assert.equal(rendered.contentType, row.type, url);
      assert.equal(rendered.headers.get('x-convertly-unsupported'), null);
      row.check?.(rendered);
    });
  }

  it('renders without effects and rotation and lists them in X-Convertly-Unsupported', async () => {
    const url = urlOf((image) => image.resize(fill().width(300).height(200).gravity(focusOn(faces()))).effect(sepia()).rotate(byAngle(90)), fileId);
    const rendered = await assertSameAsNative(server, { compatPath: cloudinaryPath(url), fileId, query: { w: '300', h: '200', fit: 'cover', gravity: 'faces' } });
    assert.equal(rendered.headers.get('x-convertly-unsupported'), 'e_sepia,a_90');
  });

  it('skips a version component and answers 304 to the native ETag', async () => {
    const url = cloudinary.image(fileId).setVersion(1712345678).resize(scale().width(300)).toURL();
    assert.match(url, /\/v1712345678\//);
    const native = await server.fetch(`/cdn/${fileId}?w=300`);
    const response = await server.fetch(cloudinaryPath(url), { headers: { 'if-none-match': native.headers.get('etag') ?? '' } });
    assert.equal(response.status, 304);
  });
});

describe('GET /cloudinary/…: what is refused', () => {
  const BAD: ReadonlyArray<readonly [string, string | RegExp]> = [
    [urlOf((image) => image.resize(scale().width(300)).delivery(format(bmp())), 'FILE'), 'f_'],
    [urlOf((image) => image.resize(fill().width(300).height(200)).resize(fill().width(100).height(100)), 'FILE'), 'c_fill,h_200,w_300/c_fill,h_100,w_100'],
    [urlOf((image) => image.resize(scale().width(300)).resize(crop().width(100).height(100)), 'FILE'), /c_crop/],
    ['https://res.cloudinary.com/demo/image/upload/c_mfit,w_300/FILE', 'c_'],
    ['https://res.cloudinary.com/demo/image/upload/w_wide/FILE', 'w_'],
    ['https://res.cloudinary.com/demo/image/upload/c_fill,w_300,h_300,g_xy_center/FILE', 'g_'],
    ['https://res.cloudinary.com/demo/image/upload/if_w_gt_400,w_400/FILE', 'if_'],
    ['https://res.cloudinary.com/demo/image/upload/w_4000,h_4000,c_fill,dpr_3.0/FILE', 'dpr_3.0'],
    ['https://res.cloudinary.com/demo/image/upload/w_300/FILE.heic', 'extension'],
    ['https://res.cloudinary.com/demo/image/upload/c_fill,,w_300/FILE', 'c_fill,,w_300'],
  ];
  for (const [url, name] of BAD) {
    it(`${url.replace(/.*\/image\/upload\//, '')} is a 400 naming ${String(name)}`, async () => {
      const path = cloudinaryPath(url).replace('FILE', fileId);
      await assertError(await server.fetch(path), 400, 'invalid_parameter', name);
    });
  }

  it('an unknown file or public id with folders is a 404', async () => {
    await assertError(await server.fetch(cloudinaryPath(urlOf((image) => image.resize(scale().width(300)), 'f_doesnotexist00000000'))), 404, 'not_found');
    await assertError(await server.fetch(cloudinaryPath(urlOf((image) => image.resize(scale().width(300)), 'folder/sample.jpg'))), 404, 'not_found');
  });

  it('video, raw, fetch, other delivery types and a cloud name in the path are 400s that say why', async () => {
    const cases: ReadonlyArray<readonly [string, RegExp]> = [
      [`/cloudinary/video/upload/w_300/${fileId}.mp4`, /video delivery is not supported/],
      [`/cloudinary/raw/upload/${fileId}`, /raw delivery is not supported/],
      ['/cloudinary/image/fetch/w_300/https://example.com/a.jpg', /fetch URLs/],
      [`/cloudinary/image/private/w_300/${fileId}`, /delivery type "private" is not served/],
      [`/cloudinary/demo/image/upload/w_300/${fileId}`, /Drop the cloud name "demo"/],
      ['/cloudinary/image/upload/', /file id \(valid percent-encoding\) after the transformations/],
    ];
    for (const [path, reason] of cases) await assertError(await server.fetch(path), 400, 'invalid_parameter', reason);
  });
});
