// rot, flip, blur, sharpen, trim, bg, pad and upscale: canonical values, and a 400 naming the parameter for bad ones.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '../../src/errors/app-error.js';
import { translateCloudinaryTransformations } from '../../src/compat/cloudinary-transform.js';
import { translateImgixQuery } from '../../src/compat/imgix-query.js';
import { canonicalQuery } from '../../src/params/canonical-key.js';
import { parseTransform } from '../../src/params/parse-transform.js';

function assertRejects(run: () => unknown, parameter: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(isAppError(error), String(error));
    assert.equal(error.status, 400);
    assert.equal(error.code, 'invalid_parameter');
    assert.equal(error.details?.parameter, parameter, error.message);
    assert.ok(error.message.includes(parameter), error.message);
    return true;
  });
}

describe('orientation, filter and canvas parameters', () => {
  it('are written back in one canonical form', () => {
    const spec = parseTransform({ w: '300', h: '200', rot: '90', flip: 'hv', trim: '12', blur: '2.50', sharpen: '1', bg: '#F80', pad: '4', upscale: '0' });
    assert.equal(canonicalQuery(spec), 'w=300&h=200&fit=cover&upscale=0&rot=90&flip=hv&trim=12&blur=2.5&sharpen=1&bg=ff8800ff&pad=4&f=auto');
    assert.equal(canonicalQuery(parseTransform({ pad: '1,2,3,4', bg: 'ff880080' })), 'bg=ff880080&pad=1,2,3,4&f=auto');
    // Values that change nothing leave the key alone.
    assert.equal(canonicalQuery(parseTransform({ w: '100', rot: '0', blur: '0', sharpen: '0', pad: '0', upscale: '1' })), 'w=100&f=auto');
  });

  it('names the parameter in a 400 for each bad value', () => {
    const bad: ReadonlyArray<readonly [Record<string, string | string[]>, string]> = [
      [{ rot: '360' }, 'rot'], [{ rot: '-90' }, 'rot'], [{ rot: '90.5' }, 'rot'], [{ rot: ['90', '180'] }, 'rot'],
      [{ flip: 'x' }, 'flip'], [{ flip: 'vh' }, 'flip'],
      [{ blur: '0.1' }, 'blur'], [{ blur: '101' }, 'blur'], [{ blur: 'big' }, 'blur'],
      [{ sharpen: '11' }, 'sharpen'], [{ sharpen: '-1' }, 'sharpen'],
      [{ trim: '256' }, 'trim'], [{ trim: 'auto' }, 'trim'], [{ w: '100', h: '100', trim: '10', gravity: 'face' }, 'trim'],
      [{ w: '100', h: '100', trim: '10', fp: '0.2,0.2' }, 'trim'],
      [{ bg: 'red' }, 'bg'], [{ bg: 'ff00' + '0' }, 'bg'], [{ bg: '#12345' }, 'bg'],
      [{ pad: '1,2' }, 'pad'], [{ pad: '1001' }, 'pad'], [{ pad: 'a' }, 'pad'],
      [{ upscale: 'no' }, 'upscale'],
    ];
    for (const [query, parameter] of bad) assertRejects(() => parseTransform(query), parameter);
  });

  it('trim works with the crops libvips places itself', () => {
    assert.equal(canonicalQuery(parseTransform({ w: '100', h: '100', trim: '10', gravity: 'north' })), 'w=100&h=100&fit=cover&gravity=north&trim=10&f=auto');
    assert.doesNotThrow(() => parseTransform({ w: '100', h: '100', trim: '10', gravity: 'auto' }));
  });
});

describe('the dialects’ orientation, filter and canvas parameters', () => {
  it('imgix: rot, flip, blur, sharp, trim, bg (ARGB), pad inside the box, fit=max', () => {
    const result = translateImgixQuery({ w: '300', h: '300', fit: 'crop', rot: '180', flip: 'v', blur: '20', sharp: '10', trim: 'auto', 'trim-tol': '5', bg: '80ff0000', pad: '10', 'pad-left': '20' });
    assert.deepEqual(result.query, { w: '270', h: '280', fit: 'cover', rot: '180', flip: 'v', trim: '5', blur: '2', sharpen: '0.5', bg: 'ff000080', pad: '10,10,10,20' });
    assert.deepEqual(translateImgixQuery({ w: '300', fit: 'max' }).query, { w: '300', upscale: '0' });
  });

  it('imgix: bad values are a 400 naming the imgix parameter', () => {
    const bad: ReadonlyArray<readonly [Record<string, string>, string]> = [
      [{ rot: '400' }, 'rot'], [{ flip: 'x' }, 'flip'], [{ blur: '3000' }, 'blur'], [{ sharp: '101' }, 'sharp'],
      [{ trim: 'yes' }, 'trim'], [{ trim: 'auto', 'trim-tol': 'lots' }, 'trim-tol'], [{ bg: 'zzz' }, 'bg'], [{ pad: '-1' }, 'pad'],
      [{ w: '100', h: '100', fit: 'fill', 'fill-color': 'nope' }, 'fill-color'],
    ];
    for (const [query, parameter] of bad) assertRejects(() => translateImgixQuery(query), parameter);
  });

  it('Cloudinary: a_, b_, e_blur, e_sharpen, e_trim, c_limit/c_lfill/c_lpad', () => {
    assert.deepEqual(translateCloudinaryTransformations('a_-90/e_blur:200/e_sharpen/e_trim:20:').query, { rot: '270', trim: '51', blur: '10', sharpen: '1' });
    assert.deepEqual(translateCloudinaryTransformations('a_vflip.hflip,c_lpad,w_100,h_100,b_rgb:00ff0080').query, {
      w: '100', h: '100', fit: 'contain', upscale: '0', flip: 'hv', bg: '00ff0080',
    });
    assert.deepEqual(translateCloudinaryTransformations('c_lfill,w_100,h_50').query, { w: '100', h: '50', fit: 'cover', upscale: '0' });
  });

  it('Cloudinary: bad values are a 400 naming the action', () => {
    for (const [path, parameter] of [['a_sideways', 'a_'], ['b_rgb:zz', 'b_'], ['e_blur:0', 'e_'], ['e_trim:101', 'e_']] as const) {
      assertRejects(() => translateCloudinaryTransformations(path), parameter);
    }
  });
});

describe('misspelt parameters', () => {
  it('are a 400 naming the parameter they look like; foreign and far names are not', () => {
    for (const [name, known] of [['gravty', 'gravity'], ['Gravity', 'gravity'], ['W', 'w'], ['gravtiy', 'gravity'], ['fitt', 'fit'], ['sharp', 'sharpen'], ['upscal', 'upscale'], ['flop', 'flip']] as const) {
      assert.throws(() => parseTransform({ [name]: '1' }), (error: unknown) => {
        assert.ok(isAppError(error) && error.status === 400 && error.code === 'invalid_parameter');
        assert.equal(error.details?.parameter, name);
        assert.equal(error.details?.suggestion, known);
        assert.match(error.message, new RegExp(`did you mean ${known}\\?`));
        return true;
      });
    }
    for (const name of ['utm_source', 'fm', 'txt', 'fp-x', 'crop-x', 'ixlib', 'dpi', 'mark', 'fill', 'sat', 'img']) {
      assert.doesNotThrow(() => parseTransform({ [name]: '1' }), name);
    }
  });
});
