import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translateImgixQuery } from '../../src/compat/imgix-query.js';
import { assertInvalid, assertSpec, imgix, ImgixClient, queryOf, type ExpectedSpec } from './compat-helpers.js';

type ImgixParams = Record<string, string | number | boolean>;

interface Row {
  readonly params: ImgixParams;
  readonly query: Record<string, string>;
  readonly spec: ExpectedSpec;
  readonly note?: RegExp;
}

// Every row is a URL built by imgix's own client, translated, then parsed by Convertly's parser.
const ROWS: readonly Row[] = [
  { params: { w: 600, h: 400 }, query: { w: '600', h: '400', fit: 'inside' }, spec: { width: 600, height: 400, fit: 'inside' } },
  { params: { w: 600, h: 400, fit: 'crop' }, query: { w: '600', h: '400', fit: 'cover' }, spec: { fit: 'cover', gravity: undefined, fp: undefined } },
  {
    params: { w: 600, h: 400, fit: 'crop', crop: 'focalpoint', 'fp-x': 0.3, 'fp-y': 0.7 },
    query: { w: '600', h: '400', fit: 'cover', fp: '0.3,0.7' },
    spec: { fit: 'cover', fp: { x: 0.3, y: 0.7 } },
  },
  {
    params: { w: 600, h: 400, fit: 'crop', crop: 'faces,entropy' },
    query: { w: '600', h: '400', fit: 'cover', gravity: 'faces' },
    spec: { gravity: 'faces' },
    note: /fall back to crop=entropy/,
  },
  { params: { w: 600, h: 400, fit: 'crop', crop: 'edges' }, query: { w: '600', h: '400', fit: 'cover', gravity: 'smart' }, spec: { gravity: 'smart' } },
  { params: { w: 600, h: 400, fit: 'crop', crop: 'entropy' }, query: { w: '600', h: '400', fit: 'cover', gravity: 'entropy' }, spec: { gravity: 'entropy' } },
  { params: { w: 600, h: 400, fit: 'crop', crop: 'top,left' }, query: { w: '600', h: '400', fit: 'cover', gravity: 'northwest' }, spec: { gravity: 'northwest' } },
  { params: { w: 600, h: 400, fit: 'crop', crop: 'right,bottom' }, query: { w: '600', h: '400', fit: 'cover', gravity: 'southeast' }, spec: { gravity: 'southeast' } },
  { params: { w: 600, h: 400, fit: 'crop', crop: 'bottom' }, query: { w: '600', h: '400', fit: 'cover', gravity: 'south' }, spec: { gravity: 'south' } },
  {
    params: { w: 600, h: 400, fit: 'crop', crop: 'focalpoint' },
    query: { w: '600', h: '400', fit: 'cover', gravity: 'focal' },
    spec: { gravity: 'focal' },
    note: /stored focal point/,
  },
  { params: { w: 600, ar: '16:9', fit: 'crop' }, query: { w: '600', h: '338', fit: 'cover' }, spec: { width: 600, height: 338, fit: 'cover' } },
  {
    params: { h: 400, ar: '1:1', fit: 'crop', crop: 'faces' },
    query: { w: '400', h: '400', fit: 'cover', gravity: 'faces' },
    spec: { width: 400, height: 400, gravity: 'faces' },
  },
  { params: { w: 300, h: 300, fit: 'max' }, query: { w: '300', h: '300', fit: 'inside' }, spec: { fit: 'inside' }, note: /never upscales/ },
  { params: { w: 300, h: 300, fit: 'min' }, query: { w: '300', h: '300', fit: 'cover' }, spec: { fit: 'cover' }, note: /never upscales/ },
  { params: { w: 300, h: 200, fit: 'scale' }, query: { w: '300', h: '200', fit: 'fill' }, spec: { fit: 'fill' } },
  { params: { w: 300, h: 200, fit: 'fill' }, query: { w: '300', h: '200', fit: 'contain', bg: '00000000' }, spec: { fit: 'contain' } },
  { params: { w: 300, h: 200, fit: 'fillmax', fill: 'solid' }, query: { w: '300', h: '200', fit: 'contain', bg: '00000000' }, spec: { fit: 'contain' }, note: /fillmax/ },
  { params: { w: 300, fm: 'webp', q: 80 }, query: { w: '300', f: 'webp', q: '80' }, spec: { width: 300, height: undefined, format: 'webp', quality: 80 } },
  { params: { w: 300, fm: 'jpg' }, query: { w: '300', f: 'jpeg' }, spec: { format: 'jpeg' } },
  { params: { w: 300, fm: 'pjpg' }, query: { w: '300', f: 'jpeg' }, spec: { format: 'jpeg' }, note: /progressive/ },
  { params: { w: 300, fm: 'png8' }, query: { w: '300', f: 'png' }, spec: { format: 'png' }, note: /palette/ },
  { params: { w: 300, fm: 'avif' }, query: { w: '300', f: 'avif' }, spec: { format: 'avif' } },
  { params: { w: 300, fm: 'gif' }, query: { w: '300', f: 'gif' }, spec: { format: 'gif' } },
  { params: { w: 300, auto: 'format' }, query: { w: '300', f: 'auto' }, spec: { format: 'auto' } },
  { params: { w: 300, auto: 'format', fm: 'png' }, query: { w: '300', f: 'auto' }, spec: { format: 'auto' }, note: /auto=format wins over fm=png/ },
  { params: { w: 300, auto: 'compress' }, query: { w: '300', q: '45' }, spec: { quality: 45 }, note: /auto=compress/ },
  { params: { w: 300, auto: 'format,compress', q: 60 }, query: { w: '300', f: 'auto', q: '60' }, spec: { format: 'auto', quality: 60 }, note: /quality 60;/ },
  { params: { w: 300, h: 200, dpr: 2 }, query: { w: '300', h: '200', dpr: '2', fit: 'inside' }, spec: { dpr: 2 } },
  { params: { w: 300, h: 200, dpr: 1.5 }, query: { w: '300', h: '200', dpr: '1.5', fit: 'inside' }, spec: { dpr: 1.5 } },
  {
    params: { w: 600, h: 400, fit: 'crop', crop: 'focalpoint', 'fp-x': 0.3, 'fp-y': 0.7, 'fp-debug': 1 },
    query: { w: '600', h: '400', fit: 'cover', fp: '0.3,0.7', debug: '1' },
    spec: { fp: { x: 0.3, y: 0.7 }, debug: true },
  },
  {
    params: { w: 600, h: 400, fit: 'crop', crop: 'focalpoint', 'fp-x': 0.25 },
    query: { w: '600', h: '400', fit: 'cover', fp: '0.25,0.5' },
    spec: { fp: { x: 0.25, y: 0.5 } },
  },
  // imgix reads the focal point only with fit=crop&crop=focalpoint.
  { params: { w: 600, h: 400, fit: 'crop', 'fp-x': 0.3, 'fp-y': 0.7 }, query: { w: '600', h: '400', fit: 'cover' }, spec: { fp: undefined }, note: /fp-x, fp-y ignored/ },
  { params: { w: 600, h: 400, crop: 'faces' }, query: { w: '600', h: '400', fit: 'inside' }, spec: { fit: 'inside' }, note: /crop ignored/ },
  { params: {}, query: {}, spec: { width: undefined, height: undefined } },
];

describe('translateImgixQuery: URLs built by @imgix/js-core', () => {
  for (const row of ROWS) {
    const url = imgix.buildURL('/folder/photo.jpg', row.params);
    it(url, () => {
      const result = translateImgixQuery(queryOf(url));
      assert.deepEqual(result.query, row.query);
      // The order is part of the contract: it is the order of Convertly's canonical key.
      assert.deepEqual(Object.keys(result.query), Object.keys(row.query));
      assertSpec(result.query, row.spec, url);
      assert.deepEqual(result.unsupported, []);
      assert.equal(result.needsSourceSize, false);
      if (row.note !== undefined) assert.ok(result.notes.some((note) => row.note?.test(note)), result.notes.join(' | '));
      else assert.deepEqual(result.notes, []);
    });
  }
});

describe('translateImgixQuery: what Convertly cannot express', () => {
  it('reports fp-z and rect instead of dropping them', () => {
    const url = imgix.buildURL('photo.jpg', { w: 600, h: 400, fit: 'crop', crop: 'focalpoint', 'fp-x': 0.5, 'fp-y': 0.4, 'fp-z': 2, rect: '10,20,300,200' });
    const result = translateImgixQuery(queryOf(url));
    assert.deepEqual(result.query, { w: '600', h: '400', fit: 'cover', fp: '0.5,0.4' });
    assert.deepEqual(result.unsupported.map(({ param, value }) => [param, value]), [['fp-z', '2'], ['rect', '10,20,300,200']]);
    assert.ok(result.unsupported.every((entry) => entry.reason.length > 20));
  });

  it('accepts fp-z=1 (no zoom) without a word', () => {
    const result = translateImgixQuery({ w: '600', h: '400', fit: 'crop', crop: 'focalpoint', 'fp-x': '0.5', 'fp-y': '0.5', 'fp-z': '1' });
    assert.deepEqual(result.unsupported, []);
  });

  it('reports unknown and picture-changing parameters with a reason', () => {
    const url = imgix.buildURL('photo.jpg', { w: 300, txt: 'Hello', 'txt-size': 40, blend: 'ff0000', sat: 50, rot: 90, 'fill-color': 'red', madeup: 1 });
    const result = translateImgixQuery(queryOf(url));
    assert.deepEqual(result.query, { w: '300' });
    const reasons = Object.fromEntries(result.unsupported.map((entry) => [entry.param, entry.reason]));
    assert.deepEqual(Object.keys(reasons).sort(), ['blend', 'madeup', 'rot', 'sat', 'txt', 'txt-size']);
    assert.match(reasons.txt ?? '', /Text overlays/);
    assert.match(reasons.blend ?? '', /Blending/);
    assert.match(reasons.sat ?? '', /Colour and tone/);
    assert.match(reasons.rot ?? '', /geometry/);
    assert.match(reasons.madeup ?? '', /recognises/);
    // fill-color only means something with fit=fill: imgix ignores it here, so it is a note, not a loss.
    assert.ok(result.notes.some((note) => note.startsWith('fill-color ignored')));
  });

  it('reports blurred padding and padding colours with fit=fill', () => {
    const result = translateImgixQuery({ w: '300', h: '200', fit: 'fill', fill: 'blur', 'fill-color': 'ff0000' });
    assert.deepEqual(result.query, { w: '300', h: '200', fit: 'contain', bg: '00000000' });
    assert.deepEqual(result.unsupported.map((entry) => entry.param), ['fill', 'fill-color']);
  });

  it('reports auto=enhance and auto=redeye, repeated or comma-joined', () => {
    const result = translateImgixQuery({ w: '300', auto: ['format,enhance', 'redeye'] });
    assert.deepEqual(result.query, { w: '300', f: 'auto' });
    assert.deepEqual(result.unsupported.map((entry) => entry.value), ['enhance', 'redeye']);
  });

  it('ignores the library stamp, signature, colour space and client hints quietly', () => {
    const signed = new ImgixClient({ domain: 'example.imgix.net', secureURLToken: 'secret-token' });
    const url = signed.buildURL('photo.jpg', { w: 300, cs: 'srgb', ch: 'Width,DPR', ixid: 'abc' });
    assert.match(url, /ixlib=.*&s=/);
    const result = translateImgixQuery(queryOf(url));
    assert.deepEqual(result, { query: { w: '300' }, notes: [], unsupported: [], needsSourceSize: false });
  });

  it('needs the source size for relative sizes and for ar without w or h', () => {
    const relative = translateImgixQuery({ w: '0.5', h: '200' });
    assert.equal(relative.needsSourceSize, true);
    assert.deepEqual(relative.query, { h: '200' });
    assert.deepEqual(relative.unsupported.map((entry) => entry.param), ['w']);
    const known = translateImgixQuery({ w: '0.5', h: '200' }, { sourceSize: { width: 1001, height: 800 } });
    assert.deepEqual(known.query, { w: '501', h: '200', fit: 'inside' });
    assert.equal(known.needsSourceSize, false);
    const ratioOnly = translateImgixQuery({ ar: '1:1', fit: 'crop', crop: 'faces' });
    assert.equal(ratioOnly.needsSourceSize, true);
    const ratioKnown = translateImgixQuery({ ar: '1:1', fit: 'crop', crop: 'faces' }, { sourceSize: { width: 1200, height: 800 } });
    assert.deepEqual(ratioKnown.query, { w: '800', h: '800', fit: 'cover', gravity: 'faces' });
  });

  it('ignores ar when w and h are both given or fit is not crop, and says so', () => {
    assert.deepEqual(translateImgixQuery({ w: '300', h: '100', ar: '1:1', fit: 'crop' }).query, { w: '300', h: '100', fit: 'cover' });
    const clip = translateImgixQuery({ w: '300', ar: '1:1' });
    assert.deepEqual(clip.query, { w: '300' });
    assert.ok(clip.notes.some((note) => note.includes('fit=crop')));
  });
});

describe('translateImgixQuery: rejections name the imgix parameter', () => {
  const BAD: ReadonlyArray<readonly [Record<string, string | string[]>, string]> = [
    [{ w: 'abc' }, 'w'],
    [{ w: '0' }, 'w'],
    [{ w: '-5' }, 'w'],
    [{ w: '300.5' }, 'w'],
    [{ h: '9000' }, 'h'],
    [{ w: ['100', '200'] }, 'w'],
    [{ fm: 'bmp' }, 'fm'],
    [{ fm: 'json' }, 'fm'],
    [{ fit: 'facearea', w: '100', h: '100' }, 'fit'],
    [{ fit: 'squash' }, 'fit'],
    [{ q: '101' }, 'q'],
    [{ q: 'high' }, 'q'],
    [{ dpr: '5' }, 'dpr'],
    [{ dpr: '0.5' }, 'dpr'],
    [{ crop: 'middle', fit: 'crop' }, 'crop'],
    [{ crop: 'faces,', fit: 'crop' }, 'crop'],
    [{ fit: 'crop', crop: 'focalpoint', 'fp-x': '1.5' }, 'fp-x'],
    [{ fit: 'crop', crop: 'focalpoint', 'fp-y': 'top' }, 'fp-y'],
    [{ fit: 'crop', crop: 'focalpoint', 'fp-z': '0.5' }, 'fp-z'],
    [{ ar: 'wide', w: '100', fit: 'crop' }, 'ar'],
    [{ ar: '16:0', w: '100', fit: 'crop' }, 'ar'],
    [{ auto: 'magic' }, 'auto'],
    [{ 'fp-debug': 'maybe' }, 'fp-debug'],
    [{ fit: 'fill', fill: 'rainbow', w: '1', h: '1' }, 'fill'],
    // Valid alone, but beyond Convertly's pixel limit together: Convertly's parser names dpr.
    [{ w: '4000', dpr: '4' }, 'dpr'],
  ];
  for (const [query, name] of BAD) {
    it(`${JSON.stringify(query)} → ${name}`, () => assertInvalid(() => translateImgixQuery(query), `for ${name} `, JSON.stringify(query)));
  }

  it('explains what to use instead of fit=facearea', () => {
    assertInvalid(() => translateImgixQuery({ fit: 'facearea' }), /crop=faces/, 'facearea');
  });
});
