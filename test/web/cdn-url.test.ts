// The dashboard's pure URL builders (public/js/cdn-url.js), checked against the server's own parser.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTransform } from '../../src/params/parse-transform.js';

interface CdnUrl {
  cdnPath(fileId: string, params: Record<string, string | number | undefined | null>): string;
  thumbnailPath(file: { id: string; focal: { x: number; y: number } | null }): string;
  fullImagePath(file: { id: string; width: number; height: number; version: number }, maxSide?: number): string;
  previewPath(file: { id: string; version: number }, gravity: string, aspect: { label: string; w: number; h: number }, height?: number): string;
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

  it('thumbnails crop at the stored focal point, else by saliency', () => {
    assert.equal(cdn.thumbnailPath({ id: 'f_1', focal: null }), '/cdn/f_1?w=300&h=300&gravity=auto');
    assert.equal(cdn.thumbnailPath({ id: 'f_1', focal: { x: 0.25, y: 0.123456 } }), '/cdn/f_1?w=300&h=300&fp=0.25,0.1235');
  });

  it('the file page picture is never enlarged and does not follow the focal point', () => {
    assert.equal(cdn.fullImagePath({ id: 'f_1', width: 800, height: 600, version: 3 }), '/cdn/f_1?w=800&gravity=center');
    assert.equal(cdn.fullImagePath({ id: 'f_1', width: 1000, height: 4000, version: 1 }), '/cdn/f_1?h=1600&gravity=center');
  });

  it('previews share a height, render at 2x, and only the focal row is versioned', () => {
    const file = { id: 'f_1', version: 7 };
    const wide = cdn.PREVIEW_ASPECTS.find((a) => a.label === '16:9')!;
    assert.equal(cdn.previewPath(file, 'focal', wide), '/cdn/f_1?w=284&h=160&dpr=2&gravity=focal&v=7');
    assert.equal(cdn.previewPath(file, 'face', wide), '/cdn/f_1?w=284&h=160&dpr=2&gravity=face');
  });

  it('every URL the dashboard builds is accepted by the server parser', () => {
    const file = { id: 'f_1', version: 2, width: 1920, height: 1280, focal: { x: 0.41, y: 0.33 } };
    const paths = [
      cdn.thumbnailPath(file),
      cdn.fullImagePath(file),
      ...cdn.PREVIEW_ASPECTS.flatMap((aspect) => ['focal', 'face', 'smart', 'auto'].map((g) => cdn.previewPath(file, g, aspect))),
      cdn.cdnPath(file.id, cdn.builderParams({ w: '640', h: '', dpr: '1.5', fit: 'inside', gravity: 'north', f: 'webp', q: '70' })),
    ];
    for (const path of paths) assert.doesNotThrow(() => parseTransform(query(path)), path);
  });

  it('the builder writes fp instead of gravity, drops defaults and rounds sizes', () => {
    assert.deepEqual(
      cdn.builderParams({ w: '640.4', h: '360', dpr: '1', fit: 'cover', gravity: 'face', fp: { x: 0.5, y: 1 / 3 }, f: 'auto', q: '', key: ' cvdk_x ' }),
      { w: '640', h: '360', dpr: undefined, fit: undefined, gravity: undefined, fp: '0.5,0.3333', f: 'auto', q: undefined, key: 'cvdk_x' },
    );
  });

  it('snippets: 1x/2x by dpr, or 320–1280 w descriptors keeping the aspect, attributes escaped', () => {
    const urlFor = (p: Record<string, string | undefined>) => `https://img.example${cdn.cdnPath('f_1', p)}`;
    const density = cdn.imgSnippet({ params: { w: '400', h: '300', gravity: 'face' }, urlFor, mode: 'density', alt: 'A "quote"' });
    assert.match(density, /srcset="https:\/\/img\.example\/cdn\/f_1\?w=400&amp;h=300&amp;gravity=face 1x, https:\/\/img\.example\/cdn\/f_1\?w=400&amp;h=300&amp;dpr=2&amp;gravity=face 2x"/);
    assert.match(density, /alt="A &quot;quote&quot;"/);
    const widths = cdn.imgSnippet({ params: { w: '400', h: '300', dpr: '2' }, urlFor, mode: 'widths' });
    for (const [w, h] of [[320, 240], [640, 480], [960, 720], [1280, 960]]) assert.ok(widths.includes(`w=${w}&amp;h=${h} ${w}w`), widths);
    assert.ok(!widths.includes('dpr='), 'width descriptors and dpr do not mix');
    assert.match(widths, /sizes="/);
  });
});
