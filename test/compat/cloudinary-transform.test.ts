import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cloudinary } from '@cloudinary/url-gen';
import type { CloudinaryImage } from '@cloudinary/url-gen/assets/CloudinaryImage';
import { sepia } from '@cloudinary/url-gen/actions/effect';
import { name as namedTransformation } from '@cloudinary/url-gen/actions/namedTransformation';
import { dpr, format, quality } from '@cloudinary/url-gen/actions/delivery';
import { crop, fill, fit, limitFill, limitFit, limitPad, pad, scale, thumbnail } from '@cloudinary/url-gen/actions/resize';
import { byAngle } from '@cloudinary/url-gen/actions/rotate';
import { ar16X9, ar1X1 } from '@cloudinary/url-gen/qualifiers/aspectRatio';
import { center, north, northWest, southEast, west } from '@cloudinary/url-gen/qualifiers/compass';
import { auto as autoFormat, avif, bmp, gif, jpg, png, webp } from '@cloudinary/url-gen/qualifiers/format';
import { face, faces } from '@cloudinary/url-gen/qualifiers/focusOn';
import { autoGravity, compass, focusOn, xyCenter } from '@cloudinary/url-gen/qualifiers/gravity';
import { auto as autoQuality, autoGood } from '@cloudinary/url-gen/qualifiers/quality';
import { splitCloudinaryPath } from '../../src/compat/cloudinary-path.js';
import { translateCloudinaryTransformations, type CloudinaryTranslateOptions } from '../../src/compat/cloudinary-transform.js';
import { assertInvalid, assertSpec, type ExpectedSpec } from './compat-helpers.js';
import type { Gravity } from '../../src/params/vocabulary.js';

const cloudinary = new Cloudinary({ cloud: { cloudName: 'demo' }, url: { analytics: false } });
const image = (publicId = 'sample'): CloudinaryImage => cloudinary.image(publicId);

/** The path after `/image/upload/`, as the HTTP layer sees it. */
function afterUpload(url: string): string {
  const marker = '/image/upload/';
  return new URL(url).pathname.slice(new URL(url).pathname.indexOf(marker) + marker.length);
}

/** Splits a url-gen URL and translates it the way the `/cloudinary/…` route will. */
function translate(asset: CloudinaryImage, options: CloudinaryTranslateOptions = {}) {
  const url = asset.toURL();
  const parts = splitCloudinaryPath(afterUpload(url));
  assert.ok(parts !== null, url);
  const extension = parts.extension === undefined ? {} : { extension: parts.extension };
  return { url, parts, result: translateCloudinaryTransformations(parts.transformations, { ...extension, ...options }) };
}

interface Row {
  readonly asset: CloudinaryImage;
  readonly query: Record<string, string>;
  readonly spec: ExpectedSpec;
  readonly note?: RegExp;
  readonly sourceSize?: { width: number; height: number };
}

const ROWS: readonly Row[] = [
  { asset: image('f_x').resize(fill().width(600).height(400).gravity(focusOn(face()))), query: { w: '600', h: '400', fit: 'cover', gravity: 'face' }, spec: { fit: 'cover', gravity: 'face' } },
  { asset: image().resize(fill().width(600).height(400).gravity(focusOn(faces()))), query: { w: '600', h: '400', fit: 'cover', gravity: 'faces' }, spec: { gravity: 'faces' } },
  { asset: image().resize(fill().width(600).height(400).gravity(autoGravity())), query: { w: '600', h: '400', fit: 'cover', gravity: 'smart' }, spec: { gravity: 'smart' } },
  { asset: image().resize(fill().width(600).height(400)), query: { w: '600', h: '400', fit: 'cover' }, spec: { fit: 'cover', gravity: undefined } },
  { asset: image().resize(fill().width(300).height(200).gravity(compass(northWest()))), query: { w: '300', h: '200', fit: 'cover', gravity: 'northwest' }, spec: { gravity: 'northwest' } },
  { asset: image().resize(fill().width(300).height(200).gravity(compass(southEast()))), query: { w: '300', h: '200', fit: 'cover', gravity: 'southeast' }, spec: { gravity: 'southeast' } },
  { asset: image().resize(fill().width(300).height(200).gravity(compass(north()))), query: { w: '300', h: '200', fit: 'cover', gravity: 'north' }, spec: { gravity: 'north' } },
  { asset: image().resize(fill().width(300).height(200).gravity(compass(west()))), query: { w: '300', h: '200', fit: 'cover', gravity: 'west' }, spec: { gravity: 'west' } },
  { asset: image().resize(fill().width(300).aspectRatio(ar16X9()).gravity(compass(center()))), query: { w: '300', h: '169', fit: 'cover', gravity: 'center' }, spec: { width: 300, height: 169 } },
  { asset: image().resize(fill().height(300).aspectRatio('4:3')), query: { w: '400', h: '300', fit: 'cover' }, spec: { width: 400, height: 300 } },
  { asset: image().resize(fill().width(300).height(300).gravity(xyCenter()).x(0.3).y(0.7)), query: { w: '300', h: '300', fit: 'cover', fp: '0.3,0.7' }, spec: { fp: { x: 0.3, y: 0.7 } } },
  {
    asset: image().resize(fill().width(300).height(300).gravity(xyCenter()).x(300).y(200)),
    sourceSize: { width: 1200, height: 800 },
    query: { w: '300', h: '300', fit: 'cover', fp: '0.25,0.25' },
    spec: { fp: { x: 0.25, y: 0.25 } },
  },
  { asset: image().resize(thumbnail().width(200).height(200).gravity(focusOn(face()))), query: { w: '200', h: '200', fit: 'cover', gravity: 'face' }, spec: { gravity: 'face' }, note: /c_thumb/ },
  { asset: image().resize(fit().width(300).height(300)), query: { w: '300', h: '300', fit: 'inside' }, spec: { fit: 'inside' } },
  { asset: image().resize(limitFit().width(300).height(300)), query: { w: '300', h: '300', fit: 'inside', upscale: '0' }, spec: { fit: 'inside' } },
  { asset: image().resize(limitFill().width(300).height(200)), query: { w: '300', h: '200', fit: 'cover', upscale: '0' }, spec: { fit: 'cover' } },
  { asset: image().resize(scale().width(300).height(200)), query: { w: '300', h: '200', fit: 'fill' }, spec: { fit: 'fill' } },
  { asset: image().resize(scale().width(300)), query: { w: '300' }, spec: { width: 300, height: undefined } },
  { asset: image().resize(pad().width(300).height(200)), query: { w: '300', h: '200', fit: 'contain', bg: '00000000' }, spec: { fit: 'contain' } },
  { asset: image().resize(limitPad().width(300).height(200)), query: { w: '300', h: '200', fit: 'contain', upscale: '0', bg: '00000000' }, spec: { fit: 'contain' } },
  { asset: image().resize(scale().width(0.5)), sourceSize: { width: 1000, height: 600 }, query: { w: '500' }, spec: { width: 500 } },
  {
    asset: image().resize(crop().aspectRatio(ar1X1()).gravity(focusOn(face()))),
    sourceSize: { width: 1200, height: 800 },
    query: { w: '800', h: '800', fit: 'cover', gravity: 'face' },
    spec: { width: 800, height: 800, gravity: 'face' },
  },
  { asset: image().resize(scale().width(300)).delivery(format(webp())).delivery(quality(80)), query: { w: '300', f: 'webp', q: '80' }, spec: { format: 'webp', quality: 80 } },
  {
    asset: image('folder/sample.jpg').resize(fill().width(600).height(400).gravity(autoGravity())).delivery(format(autoFormat())).delivery(quality(autoQuality())).delivery(dpr(2)),
    query: { w: '600', h: '400', dpr: '2', fit: 'cover', gravity: 'smart', f: 'auto' },
    spec: { dpr: 2, format: 'auto', quality: undefined },
  },
  { asset: image().resize(limitFit().width(300).height(300)).delivery(format(avif())).delivery(quality(autoGood())), query: { w: '300', h: '300', fit: 'inside', upscale: '0', f: 'avif' }, spec: { format: 'avif' } },
  { asset: image().delivery(format(jpg())), query: { f: 'jpeg' }, spec: { format: 'jpeg' } },
  { asset: image().delivery(format(gif())), query: { f: 'gif' }, spec: { format: 'gif' } },
  { asset: image('sample.png'), query: { f: 'png' }, spec: { format: 'png' } },
  { asset: image('sample.png').delivery(format(autoFormat())), query: { f: 'auto' }, spec: { format: 'auto' } },
  { asset: image('sample.jpg').delivery(format(png())), query: { f: 'png' }, spec: { format: 'png' } },
  { asset: image().setVersion(1234).resize(pad().width(300).height(200)), query: { w: '300', h: '200', fit: 'contain', bg: '00000000' }, spec: { fit: 'contain' } },
  // Chains Convertly can still render in one pass.
  { asset: image().resize(fill().width(300).height(200)).resize(scale().width(150)), query: { w: '150', h: '100', fit: 'cover' }, spec: { width: 150, height: 100, fit: 'cover' } },
  {
    asset: image().resize(scale().width(1000)).resize(fill().width(200).height(200).gravity(compass(center()))),
    query: { w: '200', h: '200', fit: 'cover', gravity: 'center' },
    spec: { width: 200, height: 200, gravity: 'center' },
  },
  {
    asset: image().resize(fill().width(400).height(300).gravity(focusOn(faces()))).resize(fill().width(200).height(150)),
    query: { w: '200', h: '150', fit: 'cover', gravity: 'faces' },
    spec: { gravity: 'faces' },
  },
  { asset: image().resize(fill().width(400).height(300)).resize(fit().width(200).height(200)), query: { w: '200', h: '150', fit: 'cover' }, spec: { width: 200, height: 150 } },
  { asset: image().resize(fit().width(800).height(800)).resize(scale().height(100)), query: { h: '100' }, spec: { width: undefined, height: 100 } },
  { asset: image().resize(scale().width(300).height(100)).resize(scale().width(50).height(50)), query: { w: '50', h: '50', fit: 'fill' }, spec: { fit: 'fill' } },
  { asset: image().resize(fill().width(300).height(200)).delivery(format(webp())).delivery(format(png())), query: { w: '300', h: '200', fit: 'cover', f: 'png' }, spec: { format: 'png' } },
];

describe('translateCloudinaryTransformations: URLs built by @cloudinary/url-gen', () => {
  for (const row of ROWS) {
    const url = row.asset.toURL();
    it(url, () => {
      const { result } = translate(row.asset, row.sourceSize === undefined ? {} : { sourceSize: row.sourceSize });
      assert.deepEqual(result.query, row.query);
      assert.deepEqual(Object.keys(result.query), Object.keys(row.query));
      assertSpec(result.query, row.spec, url);
      assert.deepEqual(result.unsupported, []);
      assert.equal(result.needsSourceSize, false);
      if (row.note !== undefined) assert.ok(result.notes.some((note) => row.note?.test(note)), result.notes.join(' | '));
      else assert.deepEqual(result.notes, []);
    });
  }
});

describe('translateCloudinaryTransformations: what needs the source size or cannot be expressed', () => {
  it('asks for the source size for pixel coordinates, then uses it', () => {
    const asset = image().resize(fill().width(300).height(300).gravity(xyCenter()).x(300).y(200));
    const { result } = translate(asset);
    assert.equal(result.needsSourceSize, true);
    assert.deepEqual(result.query, { w: '300', h: '300', fit: 'cover' });
    assert.deepEqual(result.unsupported.map((entry) => entry.param), ['g']);
    assert.match(result.unsupported[0]?.reason ?? '', /sourceSize/);
  });

  it('resolves pixel coordinates against the size the component receives, not the source', () => {
    const result = translateCloudinaryTransformations('c_scale,w_500/c_fill,g_xy_center,x_100,y_50,w_200,h_200', { sourceSize: { width: 1000, height: 500 } });
    assert.deepEqual(result.query, { w: '200', h: '200', fit: 'cover', fp: '0.2,0.2' });
  });

  it('asks for the source size for relative widths', () => {
    const { result } = translate(image().resize(scale().width(0.5)));
    assert.equal(result.needsSourceSize, true);
    assert.deepEqual(result.query, {});
    assert.deepEqual(result.unsupported.map((entry) => [entry.param, entry.value]), [['w', '0.5']]);
  });

  it('reports a source-pixel c_crop and renders the whole image', () => {
    const asset = image().resize(crop().width(300).height(200).x(10).y(20).gravity(xyCenter()));
    const { result } = translate(asset);
    assert.deepEqual(result.query, {});
    assert.deepEqual(result.unsupported.map((entry) => [entry.param, entry.value, entry.component]), [['c', 'crop', 'c_crop,g_xy_center,h_200,w_300,x_10,y_20']]);
  });

  it('reports a c_crop smaller than the largest window even with the source size', () => {
    const result = translateCloudinaryTransformations('c_crop,w_300,h_200,g_north', { sourceSize: { width: 1000, height: 800 } });
    assert.deepEqual(result.query, {});
    assert.match(result.unsupported[0]?.reason ?? '', /largest/);
  });

  it('reports effects with their component, keeps a named transformation as preset=, and turns a resized image by a_90', () => {
    const { result } = translate(image().resize(fill().width(300).height(200)).effect(sepia()).rotate(byAngle(90)).namedTransformation(namedTransformation('thumb')));
    // Cloudinary turns the 300×200 crop: Convertly's w and h name the turned output, 200×300.
    assert.deepEqual(result.query, { w: '200', h: '300', fit: 'cover', rot: '90', preset: 'thumb' });
    assert.deepEqual(result.unsupported.map((entry) => entry.param), ['e']);
    assert.throws(() => translateCloudinaryTransformations('t_a/t_b'), /one named transformation/);
    assert.throws(() => translateCloudinaryTransformations('t_bad.name'), /t_/);
    const hints = translateCloudinaryTransformations('c_scale,w_auto/dpr_auto');
    assert.deepEqual(hints.unsupported.map((entry) => `${entry.param}_${entry.value}`), ['w_auto', 'dpr_auto']);
  });

  it('reports gravities it cannot detect and offsets from a compass gravity', () => {
    const detector = translateCloudinaryTransformations('c_fill,g_cat,w_200,h_200');
    assert.deepEqual(detector.query, { w: '200', h: '200', fit: 'cover' });
    assert.deepEqual(detector.unsupported.map((entry) => entry.param), ['g']);
    const offset = translateCloudinaryTransformations('c_fill,g_north,x_10,w_100,h_100');
    assert.deepEqual(offset.query, { w: '100', h: '100', fit: 'cover', gravity: 'north' });
    assert.deepEqual(offset.unsupported.map((entry) => entry.param), ['x']);
  });

  it('says when gravity or offsets have nothing to place, and when a component sets no size', () => {
    const padded = translateCloudinaryTransformations('c_pad,w_100,h_100,x_5,g_north');
    assert.deepEqual(padded.query, { w: '100', h: '100', fit: 'contain', bg: '00000000' });
    assert.deepEqual(padded.unsupported, []);
    assert.match(padded.notes.join(), /g_, x_ in "c_pad,w_100,h_100,x_5,g_north" ignored/);
    const sizeless = translateCloudinaryTransformations('c_fill,g_face/g_north');
    assert.deepEqual(sizeless.query, {});
    assert.equal(sizeless.notes.length, 2);
  });

  it('maps g_custom to the stored focal point and g_auto variants to detectors', () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      ['g_custom', 'focal'], ['g_auto:subject', 'auto'], ['g_auto:face', 'face'], ['g_auto:faces', 'faces'],
      ['g_auto:classic', 'smart'], ['g_adv_faces', 'faces'], ['g_face:center', 'face'],
    ];
    for (const [gravity, expected] of cases) {
      const result = translateCloudinaryTransformations(`c_fill,${gravity},w_300,h_200`);
      assert.equal(result.query.gravity, expected, gravity);
      assertSpec(result.query, { gravity: expected as Gravity }, gravity);
    }
  });

  it('skips versions and signatures, ignores quiet keys', () => {
    const result = translateCloudinaryTransformations('s--AbCdEfGh--/c_fill,w_100,h_100,cs_srgb/v1712345678');
    assert.deepEqual(result, { query: { w: '100', h: '100', fit: 'cover' }, notes: [], unsupported: [], needsSourceSize: false });
  });

  it('lets the last dpr win and drops one superseded by a later resize', () => {
    assert.equal(translateCloudinaryTransformations('c_fill,w_100,h_100/dpr_2.0/dpr_3.0').query.dpr, '3');
    const superseded = translateCloudinaryTransformations('c_fill,w_100,h_100,dpr_2.0/c_scale,w_50');
    assert.equal(superseded.query.dpr, undefined);
    assert.ok(superseded.notes.some((note) => note.includes('superseded')));
  });
});

describe('translateCloudinaryTransformations: rejections name the component', () => {
  const BAD: ReadonlyArray<readonly [string, string | RegExp]> = [
    ['c_fill,w_-1', 'w_ in Cloudinary component "c_fill,w_-1"'],
    ['c_fill,w_abc,h_100', 'w_ in Cloudinary component "c_fill,w_abc,h_100"'],
    ['w_0', 'w_ in Cloudinary component "w_0"'],
    ['h_9000', 'h_ in Cloudinary component "h_9000"'],
    ['f_bmp', 'f_ in Cloudinary component "f_bmp"'],
    ['f_pdf/c_fill,w_10,h_10', 'f_ in Cloudinary component "f_pdf"'],
    ['q_0', 'q_ in Cloudinary component "q_0"'],
    ['q_best', 'q_ in Cloudinary component "q_best"'],
    ['dpr_5.0', 'dpr_ in Cloudinary component "dpr_5.0"'],
    ['c_mfit,w_100,h_100', 'c_ in Cloudinary component "c_mfit,w_100,h_100"'],
    ['c_squash,w_100', 'c_ in Cloudinary component "c_squash,w_100"'],
    ['ar_wide,c_fill,w_100', 'ar_ in Cloudinary component "ar_wide,c_fill,w_100"'],
    ['c_fill,g_xy_center,w_100,h_100', 'g_ in Cloudinary component'],
    ['c_fill,g_xy_center,x_-3,y_4,w_100,h_100', 'x_ in Cloudinary component'],
    ['c_crop,w_100/c_fill,w_50', 'Cloudinary component "c_crop,w_100/c_fill,w_50" cannot be expressed'],
    ['c_fill,w_100,h_100/c_fill,w_50,h_100', 'Cloudinary component "c_fill,w_100,h_100/c_fill,w_50,h_100" cannot be expressed'],
    ['c_pad,w_300,h_200/c_fill,w_100,h_100', 'Cloudinary component "c_pad,w_300,h_200/c_fill,w_100,h_100" cannot be expressed'],
    ['c_fill,w_300,h_200/c_scale,w_100,h_100', 'cannot be expressed: a stretch'],
    ['c_scale,w_100/c_crop,w_50,h_50,x_0,y_0', 'cannot be expressed: c_crop cuts source pixels'],
    ['if_w_gt_1000/c_scale,w_500/if_end', 'Cloudinary component "if_w_gt_1000" cannot be expressed'],
    ['foo_bar', 'Cloudinary component "foo_bar" cannot be expressed'],
    ['c_fill,c_fit,w_100', 'cannot be expressed'],
    ['c_fill,,w_100', 'cannot be expressed'],
    ['c_fill//w_100', 'empty component'],
    ['c_fill,w_4000,h_4000/dpr_4.0', /Cloudinary component "c_fill,w_4000,h_4000\/dpr_4.0" cannot be expressed: .*dpr/],
  ];
  for (const [path, message] of BAD) {
    it(path, () => assertInvalid(() => translateCloudinaryTransformations(path), message, path));
  }

  it('rejects an extension Convertly cannot encode when no f_ overrides it', () => {
    assertInvalid(() => translateCloudinaryTransformations('c_fill,w_100,h_100', { extension: 'heic' }), 'for extension', 'heic');
    assert.equal(translateCloudinaryTransformations('f_auto', { extension: 'heic' }).query.f, 'auto');
  });

  it('rejects f_bmp built by url-gen', () => {
    const asset = image().delivery(format(bmp()));
    assertInvalid(() => translate(asset), 'f_ in Cloudinary component "f_bmp"', asset.toURL());
  });
});

describe('splitCloudinaryPath', () => {
  const CASES: ReadonlyArray<readonly [string, { transformations: string; publicId: string; extension: string | undefined } | null]> = [
    ['c_fill,w_100/sample.jpg', { transformations: 'c_fill,w_100', publicId: 'sample', extension: 'jpg' }],
    ['c_fill,w_100/v12/folder/sub/sample.PNG', { transformations: 'c_fill,w_100/v12', publicId: 'folder/sub/sample', extension: 'png' }],
    ['f_x', { transformations: '', publicId: 'f_x', extension: undefined }],
    ['c_fill,w_100/my_folder/photo', { transformations: 'c_fill,w_100', publicId: 'my_folder/photo', extension: undefined }],
    // A broken action list is a transformation the translator rejects, not a folder.
    ['c_fill,,w_300/photo', { transformations: 'c_fill,,w_300', publicId: 'photo', extension: undefined }],
    ['w_1,w_2/photo.jpg', { transformations: 'w_1,w_2', publicId: 'photo', extension: 'jpg' }],
    ['my_folder,b_side/photo', { transformations: '', publicId: 'my_folder,b_side/photo', extension: undefined }],
    ['s--AbCdEfGh--/w_10/a%20b.webp', { transformations: 's--AbCdEfGh--/w_10', publicId: 'a b', extension: 'webp' }],
    ['', null],
    ['c_fill,w_100/', { transformations: '', publicId: 'c_fill,w_100', extension: undefined }],
    ['w_10/%E0%A4%A', null],
    ['w_10/.jpg', { transformations: 'w_10', publicId: '.jpg', extension: undefined }],
  ];
  for (const [path, expected] of CASES) {
    it(JSON.stringify(path), () => assert.deepEqual(splitCloudinaryPath(path), expected));
  }
});
