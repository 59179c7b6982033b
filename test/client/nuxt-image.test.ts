// Our provider inside Nuxt Image's own runtime (`createImage` from the real @nuxt/image, wired the way
// its module wires a custom provider: `{ setup: <default export>, defaults: <options> }`). Nuxt Image
// tests its providers by calling `provider().getImage(src, { modifiers, ...options }, ctx)` and comparing
// URLs; we do that, and also render every srcset URL $img.getSizes builds on the real server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createImage } from '@nuxt/image/runtime';
import convertlyProvider from '../../src/client/nuxt.js';
import { renderedSize, srcsetCandidates, startPageFixture, type PageFixture } from './client-server.js';

const SCREENS = { sm: 640, md: 768, lg: 1024, xl: 1280, '2xl': 1536 };

function nuxtImage(baseURL: string) {
  return createImage({
    provider: 'convertly',
    providers: { convertly: { setup: convertlyProvider, defaults: { baseURL } } },
    presets: {},
    screens: SCREENS,
    densities: [1, 2],
    domains: [],
    alias: {},
    format: [],
  } as unknown as Parameters<typeof createImage>[0]);
}

describe('convertly/client/nuxt as a Nuxt Image provider', () => {
  let page: PageFixture;
  before(async () => {
    page = await startPageFixture();
  });
  after(() => page.server.close());

  it('getImage maps Nuxt modifiers to render parameters (the way Nuxt Image tests its providers)', () => {
    const { getImage } = convertlyProvider();
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['/f_abc', { width: 200, height: 200, fit: 'contain', format: 'webp', quality: '80' }, '/cdn/f_abc?w=200&h=200&fit=contain&f=webp&q=80'],
      ['/f_abc', { width: 300, gravity: 'face', fp: { x: 0.3, y: 0.7 } }, '/cdn/f_abc?w=300&gravity=face&fp=0.3,0.7'],
      ['/f_abc', { width: 300, blur: 5, background: 'fff' }, '/cdn/f_abc?w=300'],
      ['/cdn/f_abc?key=cvdk_x', { height: 90, format: 'jpg' }, '/cdn/f_abc?h=90&f=jpg&key=cvdk_x'],
      ['/imgix/f_abc.jpg', { width: 50 }, '/imgix/f_abc.jpg?w=50'],
    ];
    for (const [src, modifiers, expected] of cases) {
      assert.deepEqual(getImage(src, { modifiers, baseURL: 'https://img.example.com' }), { url: `https://img.example.com${expected}` });
    }
    assert.throws(() => getImage('/f_abc', { modifiers: { width: 0 } }), /for w but received 0/);
    assert.throws(() => getImage('/f_abc', { modifiers: { fit: 'stretch' as 'cover' } }), /for fit but received "stretch"/);
  });

  it('$img.getSizes: every srcset URL renders at its width descriptor, at the crop aspect', async () => {
    const $img = nuxtImage(page.server.url);
    const { srcset, sizes, src } = $img.getSizes(page.fileId, {
      sizes: 'sm:100vw md:50vw lg:400px',
      modifiers: { width: 400, height: 300, gravity: 'face', key: page.deliveryKey },
    });
    assert.equal(sizes, '(max-width: 767px) 100vw, (max-width: 1023px) 50vw, 400px');
    const candidates = srcsetCandidates(srcset);
    assert.ok(candidates.length >= 4, srcset);
    for (const { url, descriptor } of candidates) {
      const size = await renderedSize(url);
      assert.equal(`${size.width}w`, descriptor, url);
      assert.equal(size.height, Math.round((size.width * 300) / 400), url);
    }
    assert.equal(src, candidates.at(-1)!.url);
  });

  it('$img with densities: 1x and 2x render the fixed size and twice it', async () => {
    const $img = nuxtImage(page.server.url);
    const { srcset } = $img.getSizes(page.fileId, { densities: 'x1 x2', modifiers: { width: 320, height: 320, key: page.deliveryKey } });
    const candidates = srcsetCandidates(srcset);
    assert.deepEqual(candidates.map((c) => c.descriptor), ['1x', '2x']);
    assert.deepEqual(await renderedSize(candidates[0]!.url).then((s) => [s.width, s.height]), [320, 320]);
    assert.deepEqual(await renderedSize(candidates[1]!.url).then((s) => [s.width, s.height]), [640, 640]);
  });
});
