// The dashboard's pure URL builders (public/js/cdn-url.js), checked against the server's own parser.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTransform } from '../../src/params/parse-transform.js';

interface CdnUrl {
  cdnPath(fileId: string, params: Record<string, string | number | undefined | null>): string;
  thumbnailPath(file: { id: string; width: number; height: number }): string;
  squareCropPosition(file: { width: number; height: number }, point: { x: number; y: number } | null): string;
  cropLayout(source: { width: number; height: number }, window: { x: number; y: number; width: number; height: number }): { width: number; height: number; left: number; top: number };
  srcsetWidths(width: number): number[];
  fullImagePath(file: { id: string; width: number; height: number; version: number }, maxSide?: number): string;
  builderParams(options: Record<string, unknown>): Record<string, string | undefined>;
  imgSnippet(options: { params: Record<string, string | undefined>; urlFor: (p: Record<string, string | undefined>) => string; mode: 'density' | 'widths'; alt?: string }): string;
  formatCoordinate(value: number): string;
  PREVIEW_ASPECTS: readonly { label: string; w: number; h: number }[];
}

// A browser module, loaded as such (no declaration file; the interface above is its contract).
const cdn = (await import(new URL('../../public/js/cdn-url.js', import.meta.url).href)) as CdnUrl;

function query(path: string): Record<string, string> {
  return Object.fromEntries(new URL(path, 'http://x').searchParams);
}

describe('dashboard CDN URLs', () => {
  it('writes parameters in a fixed order, leaves empty ones out and keeps the fp comma', () => {
    assert.equal(cdn.cdnPath('f_abc', { fp: '0.3,0.7', h: 200, w: 300, q: '', key: null }), '/cdn/f_abc?w=300&h=200&fp=0.3,0.7');
    assert.equal(cdn.cdnPath('f_abc', {}), '/cdn/f_abc');
  });

  it('thumbnails are one small whole-image rendition whatever the focal point; CSS crops it square there', () => {
    assert.equal(cdn.thumbnailPath({ id: 'f_1', width: 1920, height: 1280 }), '/cdn/f_1?h=400&gravity=center');
    assert.equal(cdn.thumbnailPath({ id: 'f_1', width: 1000, height: 3000 }), '/cdn/f_1?w=400&gravity=center');
    assert.equal(cdn.thumbnailPath({ id: 'f_1', width: 300, height: 200 }), '/cdn/f_1?w=300&gravity=center', 'never enlarged');
    // 2000×1000: the square is 1000 wide and may start anywhere in 0..1000.
    assert.equal(cdn.squareCropPosition({ width: 2000, height: 1000 }, { x: 0.5, y: 0.5 }), '50.00% 50.00%');
    assert.equal(cdn.squareCropPosition({ width: 2000, height: 1000 }, { x: 0.1, y: 0.9 }), '0.00% 50.00%', 'clamped at the left edge');
    assert.equal(cdn.squareCropPosition({ width: 2000, height: 1000 }, { x: 0.6, y: 0 }), '70.00% 50.00%');
  });

  it('a CSS crop places the whole image so that exactly the window fills the box', () => {
    assert.deepEqual(cdn.cropLayout({ width: 2000, height: 1000 }, { x: 500, y: 0, width: 1000, height: 1000 }), { width: 200, height: 100, left: -50, top: -0 });
  });

  it('srcset widths contain exactly the width asked for and its 2x', () => {
    assert.deepEqual(cdn.srcsetWidths(600), [320, 600, 1200]);
    assert.deepEqual(cdn.srcsetWidths(1280), [320, 640, 960, 1280, 2560]);
    assert.deepEqual(cdn.srcsetWidths(5000), [320, 640, 960, 1280, 5000]);
  });

  it('the file page picture is never enlarged and does not follow the focal point', () => {
    assert.equal(cdn.fullImagePath({ id: 'f_1', width: 800, height: 600, version: 3 }), '/cdn/f_1?w=800&gravity=center');
    assert.equal(cdn.fullImagePath({ id: 'f_1', width: 1000, height: 4000, version: 1 }), '/cdn/f_1?h=1600&gravity=center');
  });

  it('every URL the dashboard builds is accepted by the server parser', () => {
    const file = { id: 'f_1', version: 2, width: 1920, height: 1280, focal: { x: 0.41, y: 0.33 } };
    const paths = [
      cdn.thumbnailPath(file),
      cdn.fullImagePath(file),
      cdn.cdnPath(file.id, cdn.builderParams({ w: '640', h: '', dpr: '1.5', fit: 'inside', gravity: 'north', f: 'webp', q: '70' })),
    ];
    for (const path of paths) assert.doesNotThrow(() => parseTransform(query(path)), path);
  });

  it('the builder writes fp instead of gravity, drops defaults, and passes sizes as typed for the server to judge', () => {
    assert.deepEqual(
      cdn.builderParams({ w: ' 640 ', h: '360', dpr: '1', fit: 'cover', gravity: 'face', fp: { x: 0.5, y: 1 / 3 }, f: 'auto', q: '', key: ' cvdk_x ' }),
      { w: '640', h: '360', dpr: undefined, fit: undefined, gravity: undefined, fp: '0.5,0.3333', f: 'auto', q: undefined, key: 'cvdk_x' },
    );
    assert.equal(cdn.builderParams({ w: '99999' }).w, '99999', 'not clamped: the builder shows the server\'s refusal instead');
  });

  it('snippets: 1x/2x by dpr, or w descriptors with the exact width keeping the aspect, attributes escaped', () => {
    const urlFor = (p: Record<string, string | undefined>) => `https://img.example${cdn.cdnPath('f_1', p)}`;
    const density = cdn.imgSnippet({ params: { w: '400', h: '300', gravity: 'face' }, urlFor, mode: 'density', alt: 'A "quote"' });
    assert.match(density, /srcset="https:\/\/img\.example\/cdn\/f_1\?w=400&amp;h=300&amp;gravity=face 1x, https:\/\/img\.example\/cdn\/f_1\?w=400&amp;h=300&amp;dpr=2&amp;gravity=face 2x"/);
    assert.match(density, /alt="A &quot;quote&quot;"/);
    const widths = cdn.imgSnippet({ params: { w: '400', h: '300', dpr: '2' }, urlFor, mode: 'widths' });
    for (const [w, h] of [[320, 240], [400, 300], [800, 600]]) assert.ok(widths.includes(`w=${w}&amp;h=${h} ${w}w`), widths);
    assert.ok(!widths.includes('w=640'), 'no width that was not asked for stands in for it');
    assert.match(widths, /<img src="[^"]*w=400&amp;h=300"/);
    assert.ok(!widths.includes('dpr='), 'width descriptors and dpr do not mix');
    assert.match(widths, /sizes="/);
  });
});
