import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildUrl, srcset, type RenderParams } from '../../src/client/index.js';
import { CLIENT_CROPS, CLIENT_FITS, CLIENT_FORMATS, CLIENT_GRAVITIES, CLIENT_MAX_DIMENSION, CLIENT_MAX_DPR } from '../../src/client/render-params.js';
import { parseTransform } from '../../src/params/parse-transform.js';
import { CROP_ALIASES, FITS, GRAVITY_NAMES, MAX_DIMENSION, MAX_DPR, OUTPUT_FORMATS } from '../../src/params/vocabulary.js';

const BASE = 'https://img.example.com';

/** The query of a built URL as the server's own parser reads it. */
function serverReads(url: string) {
  const query = Object.fromEntries(new URL(url, BASE).searchParams);
  return parseTransform(query);
}

describe('buildUrl', () => {
  it('writes a file id as /cdn/{id} under the base, parameters in canonical order', () => {
    assert.equal(buildUrl(BASE, 'f_abc', { q: 80, gravity: 'face', h: 300, w: 400 }), `${BASE}/cdn/f_abc?w=400&h=300&gravity=face&q=80`);
    assert.equal(buildUrl(`${BASE}/images/`, 'f_abc', { w: 10 }), `${BASE}/images/cdn/f_abc?w=10`);
    assert.equal(buildUrl('', 'f_abc'), '/cdn/f_abc');
    assert.equal(buildUrl('', 'a/b c'), '/cdn/a%2Fb%20c');
    assert.equal(buildUrl(BASE, 'f_abc?key=cvdk_1', { w: 640 }), `${BASE}/cdn/f_abc?w=640&key=cvdk_1`);
  });

  it('keeps a given path, its other parameters and its hash; drops a stale signature; params win', () => {
    assert.equal(buildUrl(BASE, '/cdn/f_abc?key=cvdk_1&w=10&s=dead#x', { w: 20 }), `${BASE}/cdn/f_abc?w=20&key=cvdk_1#x`);
    assert.equal(buildUrl(BASE, '/imgix/f_abc.jpg?fm=webp', { w: 20 }), `${BASE}/imgix/f_abc.jpg?w=20&fm=webp`);
    assert.equal(buildUrl(BASE, 'http://other.example/cdn/f_abc', { h: 5 }), 'http://other.example/cdn/f_abc?h=5');
    assert.equal(buildUrl(BASE, '/cdn/f_abc?%E0%A4%A=1', {}), `${BASE}/cdn/f_abc?%E0%A4%A=1`);
  });

  it('writes focal points readably, and every URL it builds parses on the server to what was asked', () => {
    const cases: RenderParams[] = [
      { w: 1200, h: 630, fp: { x: 0.3, y: 0.7 }, f: 'webp', q: 72 },
      { w: 1, h: CLIENT_MAX_DIMENSION / 4, dpr: 4, fit: 'contain' },
      { h: 100, dpr: 1.5, gravity: 'northwest', debug: true },
      { w: 50, crop: 'edges', fp: '30%,70%', f: 'jpg' },
    ];
    for (const params of cases) {
      const url = buildUrl(BASE, 'f_abc', params);
      const spec = serverReads(url);
      assert.equal(spec.width, params.w, url);
      assert.equal(spec.height, params.h, url);
      assert.equal(spec.dpr, params.dpr ?? 1, url);
      assert.equal(spec.fit, params.fit ?? 'cover', url);
      assert.equal(spec.quality, params.q, url);
      assert.equal(spec.debug, params.debug === true, url);
      assert.equal(spec.format, params.f === 'jpg' ? 'jpeg' : (params.f ?? 'auto'), url);
    }
    assert.match(buildUrl(BASE, 'f_abc', cases[0]!), /fp=0\.3,0\.7/);
    // fp wins over the crop alias on the server, so the focus is the point.
    assert.deepEqual(serverReads(buildUrl(BASE, 'f_abc', cases[3]!)).focus, { kind: 'point', point: { x: 0.3, y: 0.7 } });
    assert.deepEqual(serverReads(buildUrl(BASE, 'f_abc', { crop: 'edges' })).focus, { kind: 'gravity', name: 'smart' });
  });

  it('refuses, naming it, every value the server would refuse', () => {
    const bad: Array<[RenderParams, RegExp]> = [
      [{ w: 0 }, /for w but received 0/],
      [{ w: 8193 }, /for w but received 8193/],
      [{ h: 1.5 }, /for h but received 1.5/],
      [{ dpr: 0.5 }, /for dpr/],
      [{ dpr: 5 }, /for dpr/],
      [{ w: 3000, dpr: 3 }, /w×dpr/],
      [{ q: 101 }, /for q/],
      [{ fit: 'crop' as 'cover' }, /for fit but received "crop"/],
      [{ gravity: 'top' as 'north' }, /for gravity/],
      [{ crop: 'top' as 'smart' }, /for crop/],
      [{ f: 'bmp' as 'png' }, /for f/],
      [{ fp: { x: 1.2, y: 0 } }, /for fp/],
      [{ fp: { x: Number.NaN, y: 0 } }, /for fp/],
    ];
    for (const [params, message] of bad) assert.throws(() => buildUrl(BASE, 'f_abc', params), message, JSON.stringify(params));
    assert.throws(() => buildUrl(BASE, ''), TypeError);
  });

  it('has the server vocabularies and limits, no more and no less', () => {
    assert.deepEqual([...CLIENT_FITS], [...FITS]);
    assert.deepEqual([...CLIENT_GRAVITIES].sort(), [...GRAVITY_NAMES].sort());
    assert.deepEqual([...CLIENT_CROPS].sort(), Object.keys(CROP_ALIASES).sort());
    assert.deepEqual([...CLIENT_FORMATS], [...OUTPUT_FORMATS, 'auto']);
    assert.equal(CLIENT_MAX_DIMENSION, MAX_DIMENSION);
    assert.equal(CLIENT_MAX_DPR, MAX_DPR);
  });
});

describe('srcset', () => {
  it('width descriptors keep the aspect of w×h; sorted, duplicates dropped', () => {
    assert.equal(
      srcset(BASE, 'f_abc', { w: 400, h: 300, gravity: 'face' }, { widths: [800, 400, 800] }),
      `${BASE}/cdn/f_abc?w=400&h=300&gravity=face 400w, ${BASE}/cdn/f_abc?w=800&h=600&gravity=face 800w`,
    );
    assert.equal(srcset(BASE, 'f_abc', { w: 400 }, { widths: [200] }), `${BASE}/cdn/f_abc?w=200 200w`);
  });

  it('density descriptors repeat the render at each dpr', () => {
    assert.equal(srcset('', 'f_abc', { w: 400, h: 300 }, { dprs: [2, 1] }), '/cdn/f_abc?w=400&h=300 1x, /cdn/f_abc?w=400&h=300&dpr=2 2x');
  });

  it('refuses an empty list and a candidate out of range', () => {
    assert.throws(() => srcset(BASE, 'f_abc', {}, { widths: [] }), RangeError);
    assert.throws(() => srcset(BASE, 'f_abc', { w: 100, h: 400 }, { widths: [4000] }), /height of 16000/);
    assert.throws(() => srcset(BASE, 'f_abc', { w: 3000 }, { dprs: [1, 3] }), /w×dpr/);
  });
});
