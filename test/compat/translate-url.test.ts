import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cloudinary } from '@cloudinary/url-gen';
import { format, quality } from '@cloudinary/url-gen/actions/delivery';
import { fill } from '@cloudinary/url-gen/actions/resize';
import { auto as autoFormat } from '@cloudinary/url-gen/qualifiers/format';
import { face } from '@cloudinary/url-gen/qualifiers/focusOn';
import { focusOn, xyCenter } from '@cloudinary/url-gen/qualifiers/gravity';
import fc from 'fast-check';
import { isAppError } from '../../src/errors/app-error.js';
import { translateUrl, type UrlTranslation } from '../../src/compat/translate-url.js';
import { parseTransform } from '../../src/params/parse-transform.js';
import { imgix } from './compat-helpers.js';

function ok(result: UrlTranslation): Extract<UrlTranslation, { ok: true }> {
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result;
}

function failure(result: UrlTranslation): Extract<UrlTranslation, { ok: false }> {
  assert.ok(!result.ok, 'expected the URL to be refused');
  assert.ok(isAppError(result.error));
  assert.equal(result.error.code, 'invalid_parameter');
  assert.equal(result.reason, result.error.message);
  return result;
}

describe('translateUrl: imgix', () => {
  it('rewrites a client-built URL to /cdn/{last segment without extension}', () => {
    const url = imgix.buildURL('/blog/2024/hero-shot.jpg', { fit: 'crop', crop: 'focalpoint', 'fp-y': 0.7, 'fp-x': 0.3, h: 400, w: 600, auto: 'format' });
    const result = ok(translateUrl(url));
    assert.equal(result.dialect, 'imgix');
    assert.equal(result.fileId, 'hero-shot');
    // The stable order does not depend on the order imgix's client wrote the parameters in.
    assert.equal(result.convertlyPath, '/cdn/hero-shot?w=600&h=400&fit=cover&fp=0.3,0.7&f=auto');
    assert.deepEqual(result.query, { w: '600', h: '400', fit: 'cover', fp: '0.3,0.7', f: 'auto' });
  });

  it('uses the file name of a web-proxy source', () => {
    const result = ok(translateUrl(imgix.buildURL('https://assets.example.com/img/cat photo.png', { w: 100 })));
    assert.equal(result.fileId, 'cat photo');
    assert.equal(result.convertlyPath, '/cdn/cat%20photo?w=100');
  });

  it('needs the dialect for a custom domain, and accepts a bare path with it', () => {
    failure(translateUrl('https://images.example.com/photo.jpg?w=100'));
    assert.equal(ok(translateUrl('https://images.example.com/photo.jpg?w=100', { dialect: 'imgix' })).convertlyPath, '/cdn/photo?w=100');
    assert.equal(ok(translateUrl('/photo.jpg?w=100&fit=crop&h=50', { dialect: 'imgix' })).convertlyPath, '/cdn/photo?w=100&h=50&fit=cover');
  });

  it('carries unsupported parameters, notes and the source-size request through', () => {
    const result = ok(translateUrl(imgix.buildURL('photo.jpg', { w: 0.5, txt: 'hi', fm: 'pjpg' })));
    assert.equal(result.needsSourceSize, true);
    assert.deepEqual(result.unsupported.map((entry) => entry.param), ['txt', 'w']);
    assert.equal(result.notes.length, 1);
    const sized = ok(translateUrl(imgix.buildURL('photo.jpg', { w: 0.5 }), { sourceSize: { width: 800, height: 600 } }));
    assert.equal(sized.convertlyPath, '/cdn/photo?w=400');
  });

  it('refuses bad parameters and empty paths with the AppError', () => {
    assert.match(failure(translateUrl(imgix.buildURL('photo.jpg', { w: 'abc' }))).reason, /for w but received "abc"/);
    assert.match(failure(translateUrl(imgix.buildURL('photo.jpg', { fm: 'bmp' }))).reason, /for fm /);
    assert.match(failure(translateUrl('https://example.imgix.net/?w=100')).reason, /for url /);
    assert.match(failure(translateUrl('https://example.imgix.net//?w=100')).reason, /for url /);
  });
});

describe('translateUrl: Cloudinary', () => {
  const cloudinary = new Cloudinary({ cloud: { cloudName: 'demo' } });

  it('rewrites a url-gen URL (analytics stamp included) to /cdn/{publicId}', () => {
    const url = cloudinary.image('f_x').resize(fill().width(600).height(400).gravity(focusOn(face()))).toURL();
    assert.match(url, /\?_a=/);
    const result = ok(translateUrl(url));
    assert.equal(result.dialect, 'cloudinary');
    assert.equal(result.fileId, 'f_x');
    assert.equal(result.convertlyPath, '/cdn/f_x?w=600&h=400&fit=cover&gravity=face');
    assert.deepEqual(result.notes, []);
  });

  it('keeps folders in the public id and reads the extension as the format', () => {
    const url = cloudinary.image('team/portraits/ada.webp').resize(fill().width(300).height(300)).delivery(quality(70)).toURL();
    const result = ok(translateUrl(url));
    assert.equal(result.fileId, 'team/portraits/ada');
    assert.equal(result.convertlyPath, '/cdn/team%2Fportraits%2Fada?w=300&h=300&fit=cover&f=webp&q=70');
  });

  it('passes the source size to pixel coordinates', () => {
    const url = cloudinary.image('sample').resize(fill().width(300).height(300).gravity(xyCenter()).x(300).y(200)).delivery(format(autoFormat())).toURL();
    assert.equal(ok(translateUrl(url)).needsSourceSize, true);
    const sized = ok(translateUrl(url, { sourceSize: { width: 600, height: 800 } }));
    assert.equal(sized.convertlyPath, '/cdn/sample?w=300&h=300&fit=cover&fp=0.5,0.25&f=auto');
  });

  it('accepts private CDN hosts, and custom domains with the dialect', () => {
    assert.equal(ok(translateUrl('https://demo-res.cloudinary.com/image/upload/w_100/sample')).convertlyPath, '/cdn/sample?w=100');
    assert.equal(ok(translateUrl('https://img.example.com/image/upload/w_100/sample', { dialect: 'cloudinary' })).convertlyPath, '/cdn/sample?w=100');
  });

  it('notes stray query parameters', () => {
    assert.match(ok(translateUrl('https://res.cloudinary.com/demo/image/upload/w_100/sample?foo=1')).notes.join(), /foo ignored/);
  });

  it('refuses empty paths, other resource types and inexpressible chains', () => {
    assert.match(failure(translateUrl('https://res.cloudinary.com/demo/image/upload/')).reason, /public id/);
    assert.match(failure(translateUrl('https://res.cloudinary.com/demo/image/upload')).reason, /for url /);
    assert.match(failure(translateUrl('https://res.cloudinary.com/demo/video/upload/w_100/clip.mp4')).reason, /image delivery/);
    assert.match(failure(translateUrl('https://res.cloudinary.com/demo/image/fetch/w_100/https://x.com/a.jpg')).reason, /image delivery/);
    assert.match(failure(translateUrl('https://res.cloudinary.com/demo/image/upload/c_crop,w_100/c_fill,w_50/sample')).reason, /"c_crop,w_100\/c_fill,w_50" cannot be expressed/);
    assert.match(failure(translateUrl('https://res.cloudinary.com/demo/image/upload/c_fill,w_-1/sample')).reason, /"c_fill,w_-1"/);
    assert.match(failure(translateUrl('https://res.cloudinary.com/demo/image/upload/w_100/sample.bmp')).reason, /for extension /);
  });

  it('refuses a source size that is not whole pixels', () => {
    assert.match(failure(translateUrl('https://res.cloudinary.com/demo/image/upload/w_0.5/sample', { sourceSize: { width: 0, height: 10 } })).reason, /for sourceSize /);
    assert.match(failure(translateUrl('https://example.imgix.net/a.jpg?w=0.5', { sourceSize: { width: 10.5, height: 10 } })).reason, /for sourceSize /);
  });

  it('refuses what is not a URL', () => {
    for (const input of ['', 'not a url', 'ftp//x', 'https://example.com/a.jpg']) failure(translateUrl(input));
  });
});

describe('translateUrl: robustness', () => {
  const IMGIX_KEYS = ['w', 'h', 'ar', 'fit', 'crop', 'fp-x', 'fp-y', 'fp-z', 'fp-debug', 'fm', 'q', 'auto', 'dpr', 'rect', 'fill', 'txt'];
  const IMGIX_VALUES = ['0', '1', '0.5', '300', '9000', '16:9', 'crop', 'clip', 'max', 'faces,entropy', 'top,left', 'focalpoint', 'webp', 'format', '-1', 'abc', '', '1.5', '4'];

  it('any imgix query either translates into what parseTransform accepts or is an invalid_parameter', () => {
    const queries = fc.dictionary(fc.constantFrom(...IMGIX_KEYS), fc.oneof(fc.constantFrom(...IMGIX_VALUES), fc.string()), { maxKeys: 6 });
    fc.assert(
      fc.property(queries, fc.boolean(), (query, sized) => {
        const url = `https://example.imgix.net/photo.jpg?${new URLSearchParams(query).toString()}`;
        const result = translateUrl(url, sized ? { sourceSize: { width: 1024, height: 768 } } : {});
        if (!result.ok) return result.error.code === 'invalid_parameter';
        parseTransform(result.query);
        return result.convertlyPath.startsWith('/cdn/photo');
      }),
      { numRuns: 500 },
    );
  });

  it('any Cloudinary path either translates into what parseTransform accepts or is an invalid_parameter', () => {
    const action = fc.constantFrom(
      'c_fill', 'c_fit', 'c_limit', 'c_scale', 'c_thumb', 'c_crop', 'c_pad', 'w_300', 'h_200', 'w_0.5', 'w_9000', 'ar_16:9', 'g_face',
      'g_auto', 'g_xy_center', 'x_10', 'y_0.5', 'f_auto', 'f_webp', 'q_auto', 'q_80', 'dpr_2.0', 'e_sepia', 'w_-1',
    );
    const component = fc.uniqueArray(action, { minLength: 1, maxLength: 4, selector: (text) => text.split('_')[0] }).map((parts) => parts.join(','));
    fc.assert(
      // A version ends the transformations (what follows it is the public id), so it only comes last.
      fc.property(fc.array(component, { maxLength: 3 }), fc.boolean(), fc.boolean(), (components, versioned, sized) => {
        const url = `https://res.cloudinary.com/demo/image/upload/${[...components, ...(versioned ? ['v12'] : []), 'sample.jpg'].join('/')}`;
        const result = translateUrl(url, sized ? { sourceSize: { width: 1024, height: 768 } } : {});
        if (!result.ok) return result.error.code === 'invalid_parameter';
        parseTransform(result.query);
        return result.fileId === 'sample';
      }),
      { numRuns: 500 },
    );
  });
});

describe('translateUrl: addressing by id or by path (pathSource)', () => {
  const cases: ReadonlyArray<readonly [string, string, 'file-id' | 'path']> = [
    ['https://acme.imgix.net/f_3k9x2m7q1w8e5r6t0y4u.jpg?w=10', '/cdn/f_3k9x2m7q1w8e5r6t0y4u?w=10', 'file-id'],
    ['https://acme.imgix.net/blog/f_3k9x2m7q1w8e5r6t0y4u.png?w=10', '/cdn/f_3k9x2m7q1w8e5r6t0y4u?w=10', 'file-id'],
    ['https://acme.imgix.net/blog/hero.jpg?w=10', '/src/uploads/blog/hero.jpg?w=10', 'path'],
    ['https://acme.imgix.net/summer%202024/hero%20shot.jpg?w=10', '/src/uploads/summer%202024/hero%20shot.jpg?w=10', 'path'],
    ['https://acme.imgix.net/F_upper.jpg?w=10', '/src/uploads/F_upper.jpg?w=10', 'path'],
    ['https://res.cloudinary.com/demo/image/upload/w_10/products/shoe.jpg', '/src/uploads/products/shoe.jpg?w=10&f=jpeg', 'path'],
    ['https://res.cloudinary.com/demo/image/upload/w_10/f_3k9x2m7q1w8e5r6t0y4u', '/cdn/f_3k9x2m7q1w8e5r6t0y4u?w=10', 'file-id'],
  ];
  for (const [url, expected, addressedBy] of cases) {
    it(`${url} → ${expected}`, () => {
      const result = ok(translateUrl(url, { pathSource: 'uploads' }));
      assert.equal(result.convertlyPath, expected);
      assert.equal(result.addressedBy, addressedBy);
      assert.equal(result.notes.some((note) => note.includes('is not a Convertly file id')), addressedBy === 'path');
    });
  }

  it('an explicit source wins, with no note; without either option every name is a file id', () => {
    const explicit = ok(translateUrl('https://acme.imgix.net/f_3k9x2m7q1w8e5r6t0y4u.jpg?w=10', { source: 'shop', pathSource: 'uploads' }));
    assert.equal(explicit.convertlyPath, '/src/shop/f_3k9x2m7q1w8e5r6t0y4u.jpg?w=10');
    assert.deepEqual(explicit.notes, []);
    assert.equal(ok(translateUrl('https://acme.imgix.net/blog/hero.jpg?w=10')).convertlyPath, '/cdn/hero?w=10');
  });
});
