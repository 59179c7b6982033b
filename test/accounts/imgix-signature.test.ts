import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRequire } from 'node:module';
import type imgixModule from '@imgix/js-core';
import { imgixSignature, signImgixUrl, verifyImgixSignature } from '../../src/accounts/imgix-signature.js';
import { isAppError } from '../../src/errors/app-error.js';

// The package is CommonJS with `module.exports = ImgixClient` but types it as `export default`,
// which NodeNext reads as `exports.default`; require() gets the real class with honest types.
const ImgixClient = createRequire(import.meta.url)('@imgix/js-core') as typeof imgixModule.default;

const TOKEN = 'my-token';

/** The request target (`/path?query`) of a URL built by the real imgix client. */
function imgixTarget(path: string, params: Record<string, string | number>, options: { token?: string; ixlib?: boolean } = {}): string {
  const client = new ImgixClient({
    domain: 'testing.imgix.net',
    secureURLToken: options.token ?? TOKEN,
    includeLibraryParam: options.ixlib ?? false,
  });
  const url = client.buildURL(path, params);
  return url.slice('https://testing.imgix.net'.length);
}

describe('imgixSignature', () => {
  it('matches the signatures printed in @imgix/js-core README', () => {
    assert.equal(imgixSignature(TOKEN, '/image.jpg', 'w=100'), 'e2e581a39c917bdee50b2f8689c30893');
    assert.equal(imgixSignature(TOKEN, '/image.jpg', 'h=800&ar=3%3A2&fit=crop&dpr=1'), '3d754a157458402fd3e26977107ade74');
  });
});

describe('verifyImgixSignature against URLs signed by @imgix/js-core', () => {
  const cases: Array<{ name: string; path: string; params: Record<string, string | number>; ixlib?: boolean }> = [
    { name: 'no parameters', path: 'image.jpg', params: {} },
    { name: 'one parameter', path: '/image.jpg', params: { w: 100 } },
    { name: 'focal-point crop', path: 'users/1.png', params: { crop: 'focalpoint', 'fp-x': 0.3, 'fp-y': 0.7, fit: 'crop' } },
    { name: 'encoded values', path: 'image.jpg', params: { ar: '3:2', txt: 'a b&c=d', mark: 'https://x.test/a.png?b=1' } },
    { name: 'base64 parameters', path: 'image.jpg', params: { txt64: 'héllo wörld', w: 10 } },
    { name: 'path with spaces and unicode', path: '/a b/ü+#?.png', params: { w: 5 } },
    { name: 'web proxy path', path: 'https://example.com/a.png?x=1', params: { w: 5 } },
    { name: 'ixlib parameter', path: 'image.jpg', params: { w: 100 }, ixlib: true },
    { name: 'ixlib alone', path: 'image.jpg', params: {}, ixlib: true },
  ];
  for (const c of cases) {
    it(`accepts ${c.name}`, () => {
      const target = imgixTarget(c.path, c.params, { ixlib: c.ixlib ?? false });
      assert.equal(verifyImgixSignature({ requestTarget: target, tokens: [TOKEN] }), 'valid', target);
      assert.equal(signImgixUrl(target, TOKEN), target, 'our signer produces the same URL');
    });
  }

  it('accepts either token during rotation', () => {
    const target = imgixTarget('image.jpg', { w: 100 }, { token: 'old-token' });
    assert.equal(verifyImgixSignature({ requestTarget: target, tokens: ['new-token', 'old-token'] }), 'valid');
    assert.equal(verifyImgixSignature({ requestTarget: target, tokens: ['new-token'] }), 'invalid');
  });

  it('accepts an upper-case signature and an s that is not last', () => {
    const target = imgixTarget('image.jpg', { w: 100 });
    const [path, query = ''] = target.split('?');
    const [w, s = ''] = query.split('&');
    assert.equal(verifyImgixSignature({ requestTarget: `${path}?${w}&${s.toUpperCase().replace('S=', 's=')}`, tokens: [TOKEN] }), 'valid');
    assert.equal(verifyImgixSignature({ requestTarget: `${path}?${s}&${w}`, tokens: [TOKEN] }), 'valid');
  });
});

describe('verifyImgixSignature rejects', () => {
  const target = imgixTarget('image.jpg', { w: 100, h: 50 });
  const table: Array<[string, string, readonly string[], 'missing' | 'invalid']> = [
    ['no s', '/image.jpg?w=100&h=50', [TOKEN], 'missing'],
    ['no query at all', '/image.jpg', [TOKEN], 'missing'],
    ['a changed parameter', target.replace('w=100', 'w=101'), [TOKEN], 'invalid'],
    ['an added parameter', target.replace('?', '?q=1&'), [TOKEN], 'invalid'],
    ['reordered parameters (imgix signs raw text)', target.replace('w=100&h=50', 'h=50&w=100'), [TOKEN], 'invalid'],
    ['re-encoded parameter', target.replace('w=100', 'w=%31%30%30'), [TOKEN], 'invalid'],
    ['a changed path', target.replace('/image.jpg', '/image2.jpg'), [TOKEN], 'invalid'],
    ['a wrong token', target, ['other-token'], 'invalid'],
    ['an empty token list', target, [], 'invalid'],
    ['only empty tokens', target, [''], 'invalid'],
    ['an empty s', '/image.jpg?w=100&s=', [TOKEN], 'invalid'],
    ['a bare s', '/image.jpg?w=100&s', [TOKEN], 'invalid'],
    ['a non-hex s', '/image.jpg?w=100&s=zz81a39c917bdee50b2f8689c30893zz', [TOKEN], 'invalid'],
    ['a truncated s', target.slice(0, -1), [TOKEN], 'invalid'],
    ['two s values', `${target}&s=${target.slice(-32)}`, [TOKEN], 'invalid'],
  ];
  for (const [name, requestTarget, tokens, expected] of table) {
    it(name, () => assert.equal(verifyImgixSignature({ requestTarget, tokens }), expected));
  }

  it('refuses to sign with an empty token', () => {
    assert.throws(
      () => signImgixUrl('/a.jpg', ''),
      (error: unknown) => isAppError(error) && error.code === 'invalid_parameter' && error.details?.['parameter'] === 'token',
    );
  });
});
