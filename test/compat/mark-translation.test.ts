// The watermark rules of both dialects, table by table: what maps, what is reported, what is a 400.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translateImgixQuery } from '../../src/compat/imgix-query.js';
import { translateCloudinaryTransformations } from '../../src/compat/cloudinary-transform.js';
import { isAppError } from '../../src/errors/app-error.js';

const SOURCE = { width: 1000, height: 500 };

describe('imgix mark', () => {
  it('maps every form it can express', () => {
    const rows: Array<[Record<string, string>, Record<string, string>]> = [
      [{ mark: 'f_0123456789abcdefghjk.png' }, { mark: 'f_0123456789abcdefghjk', markpad: '5' }],
      [{ mark: 'https://x.imgix.net/brand/logo.png', markalign: 'middle,center', markpad: '0' }, { mark: 'brand/logo.png', markpos: 'center' }],
      [{ mark64: Buffer.from('/brand/logo.png').toString('base64url'), 'mark-align': 'top' }, { mark: 'brand/logo.png', markpos: 'northeast', markpad: '5' }],
      [{ w: '500', mark: 'logo.png', markw: '50' }, { w: '500', mark: 'logo.png', markw: '0.1', markpad: '5' }],
      [{ w: '500', pad: '50', mark: 'logo.png', markw: '50' }, { w: '400', pad: '50', mark: 'logo.png', markw: '0.1', markpad: '5' }],
      [{ mark: 'logo.png', markscale: '30', marky: '7' }, { mark: 'logo.png', markpos: 'northeast', markw: '0.3', markpad: '5,7' }],
    ];
    for (const [query, expected] of rows) assert.deepEqual(translateImgixQuery(query, { sourceSize: SOURCE }).query, expected, JSON.stringify(query));
  });

  it('a markw in pixels without a known output width is reported and asks for the source size', () => {
    const translation = translateImgixQuery({ mark: 'logo.png', markw: '100' });
    assert.deepEqual(translation.query, { mark: 'logo.png', markpad: '5' });
    assert.equal(translation.needsSourceSize, true);
    assert.deepEqual(translation.unsupported.map((u) => u.param), ['markw']);
    assert.deepEqual(translateImgixQuery({ mark: 'logo.png', markw: '100' }, { sourceSize: SOURCE }).query, { mark: 'logo.png', markw: '0.1', markpad: '5' });
  });

  it('reports the settings it cannot draw, and a mark it cannot read', () => {
    const t = translateImgixQuery({ mark: 'https://x.imgix.net/logo.png?w=40', markh: '0.2', markfit: 'crop', markx: '-10' });
    assert.deepEqual(t.unsupported.map((u) => u.param).sort(), ['mark', 'markfit', 'markh', 'markx']);
    assert.equal(t.query.mark, 'logo.png');
    assert.deepEqual(translateImgixQuery({ mark: 'ftp://x/logo.png' }).query, {});
  });

  it('a malformed value is a 400 naming the imgix parameter', () => {
    for (const [query, name] of [[{ mark: 'a.png', 'mark-align': 'up' }, 'mark-align'], [{ mark: 'a.png', markalpha: '200' }, 'markalpha'], [{ mark: 'a.png', markw: '1.5' }, 'markw'], [{ mark: 'a.png', markpad: 'x' }, 'markpad'], [{ mark: '../x.png' }, 'mark']] as const) {
      assert.throws(() => translateImgixQuery(query), (error) => isAppError(error) && error.details?.parameter === name, name);
    }
  });
});

describe('Cloudinary overlay', () => {
  it('maps l_, g_, x_, y_, w_ (pixels, or relative), o_, alone or applied with fl_layer_apply', () => {
    const rows: Array<[string, Record<string, string>]> = [
      ['w_500/l_logo/fl_layer_apply', { w: '500', mark: 'logo', markpos: 'center' }],
      ['w_500/l_brand:logo,g_south_west,x_4,y_6,o_70,w_50', { w: '500', mark: 'brand/logo', markpos: 'southwest', markw: '0.1', markalpha: '70', markpad: '4,6' }],
      ['l_logo/c_scale,fl_relative,w_0.3/fl_layer_apply,g_east,x_9', { mark: 'logo', markpos: 'east', markw: '0.3', markpad: '9,0' }],
    ];
    for (const [path, expected] of rows) assert.deepEqual(translateCloudinaryTransformations(path, { sourceSize: SOURCE }).query, expected, path);
  });

  it('reports what it cannot draw: an offset from the centre, a size relative to the overlay, a second overlay, a text layer', () => {
    const t = translateCloudinaryTransformations('w_500/l_logo,x_10,w_0.5/l_other/fl_layer_apply/l_text:arial_20:Hi', { sourceSize: SOURCE });
    assert.deepEqual(t.query, { w: '500', mark: 'logo', markpos: 'center' });
    assert.deepEqual(t.unsupported.map((u) => `${u.param}_${u.value}`), ['w_0.5', 'x_10', 'l_other', 'l_text:arial_20:Hi']);
    const text = translateCloudinaryTransformations('l_text:arial_20:Hi,g_north');
    assert.deepEqual(text.query, {});
  });

  it('a bad opacity is a 400 naming o_ and its component', () => {
    assert.throws(() => translateCloudinaryTransformations('l_logo,o_150'), (error) => isAppError(error) && error.details?.parameter === 'o_');
  });
});
