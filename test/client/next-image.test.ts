// next/image's own getImageProps (the real `next` package) with our loader: every srcset URL it builds
// must render, on the real server, at exactly the width Next asked the loader for.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getImageProps } from 'next/image.js';
import { convertlyLoader, type NextLoaderProps } from '../../src/client/next.js';
import { renderedSize, srcsetCandidates, startPageFixture, type PageFixture } from './client-server.js';

/** The loader, recording the width Next asked for behind each URL it returned. */
function recordingLoader(loader: (props: NextLoaderProps) => string): { loader: typeof loader; asked: Map<string, number> } {
  const asked = new Map<string, number>();
  return {
    asked,
    loader: (props) => {
      const url = loader(props);
      asked.set(url, props.width);
      return url;
    },
  };
}

describe('convertly/client/next with next/image getImageProps', () => {
  let page: PageFixture;
  before(async () => {
    page = await startPageFixture();
  });
  after(() => page.server.close());

  it('a fixed 400×300 face crop: 1x and 2x candidates render at the widths Next asked, at 4:3', async () => {
    const { loader, asked } = recordingLoader(convertlyLoader({ base: page.server.url, params: { w: 400, h: 300, gravity: 'face', key: page.deliveryKey } }));
    const { props } = getImageProps({ src: page.fileId, width: 400, height: 300, alt: 'the team', loader });
    const candidates = srcsetCandidates(props.srcSet!);
    assert.deepEqual(candidates.map((c) => c.descriptor), ['1x', '2x']);
    for (const { url } of candidates) {
      const width = asked.get(url);
      assert.ok(width !== undefined, `Next did not ask for ${url}`);
      const size = await renderedSize(url);
      assert.equal(size.width, width, url);
      assert.equal(size.height, Math.round((width * 300) / 400), url);
    }
    assert.equal(props.src, candidates.at(-1)!.url);
  });

  it('a fluid image (fill, sizes): every width descriptor is the width rendered, quality passed through', async () => {
    // The delivery key rides in src, as with the app-wide loaderFile.
    const { loader, asked } = recordingLoader(convertlyLoader({ base: page.server.url, params: { f: 'webp' } }));
    const { props } = getImageProps({ src: `${page.fileId}?key=${page.deliveryKey}`, fill: true, sizes: '(max-width: 800px) 100vw, 50vw', quality: 75, alt: '', loader });
    const candidates = srcsetCandidates(props.srcSet!);
    assert.ok(candidates.length >= 5, props.srcSet);
    for (const { url, descriptor } of candidates) {
      assert.equal(descriptor, `${asked.get(url)}w`);
      assert.match(url, /[?&]q=75(&|$)/);
      const size = await renderedSize(url);
      assert.equal(`${size.width}w`, descriptor, url);
      assert.equal(size.format, 'webp');
      // One side alone keeps the photo's aspect.
      assert.ok(Math.abs(size.height - (size.width * page.analysis.height) / page.analysis.width) <= 1, url);
    }
  });

  it('the loaderFile default export takes its base from NEXT_PUBLIC_CONVERTLY_URL', async () => {
    process.env.NEXT_PUBLIC_CONVERTLY_URL = 'https://img.example.com';
    try {
      const { default: loader } = await import(`../../src/client/next.ts?env=${Date.now()}`);
      assert.equal(loader({ src: 'f_abc', width: 640, quality: 80 }), 'https://img.example.com/cdn/f_abc?w=640&q=80');
    } finally {
      delete process.env.NEXT_PUBLIC_CONVERTLY_URL;
    }
  });

  it('a width the server would refuse fails in the loader, naming it', () => {
    const loader = convertlyLoader({ base: page.server.url });
    assert.throws(() => loader({ src: page.fileId, width: 9000 }), /8192 for w but received 9000/);
    assert.throws(() => loader({ src: page.fileId, width: 640, quality: 0 }), /for q but received 0/);
  });
});
