// Pure preset rules: names, validation by the URL parser, and how a URL's parameters override a preset's.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalQuery } from '../../src/params/canonical-key.js';
import { parseTransform } from '../../src/params/parse-transform.js';
import { applyPreset, parsePresetName, parsePresetParams, presetNameOf } from '../../src/params/preset.js';

describe('presets (params)', () => {
  it('keep parameters as written, validated like a URL', () => {
    assert.deepEqual(parsePresetParams({ w: 300, gravity: 'face', upscale: false }), { w: '300', gravity: 'face', upscale: '0' });
    assert.deepEqual(parsePresetParams('w=300&fp=0.3,0.7'), { w: '300', fp: '0.3,0.7' });
    assert.throws(() => parsePresetParams({ q: 101 }), /for q but received "101"/);
    assert.throws(() => parsePresetParams('w=1&w=2'), /a single value for w/);
    assert.throws(() => parsePresetParams({ expires: '1' }), /Unknown parameter "expires" in the preset/);
    assert.throws(() => parsePresetParams(42), /for params/);
  });

  it('names: letters, digits, _ and -, up to 64', () => {
    assert.equal(parsePresetName('Thumb_2-x'), 'Thumb_2-x');
    for (const bad of ['', '_x', 'a.b', 'a'.repeat(65), 7]) assert.throws(() => parsePresetName(bad), /for name/);
    assert.equal(presetNameOf({ w: '1' }), undefined);
    assert.throws(() => presetNameOf({ preset: ['a', 'b'] }), /a single value for preset/);
  });

  it('the URL wins, the focus parameters as one group, and preset= itself is dropped', () => {
    const preset = { w: '300', h: '200', gravity: 'face', f: 'webp' };
    assert.deepEqual(applyPreset(preset, { preset: 'p', w: '100' }), { w: '100', h: '200', gravity: 'face', f: 'webp' });
    assert.deepEqual(applyPreset(preset, { preset: 'p', crop: 'entropy' }), { w: '300', h: '200', f: 'webp', crop: 'entropy' });
    const spec = parseTransform(applyPreset({ ...preset, fp: '0.1,0.1' }, { preset: 'p', gravity: 'north' }));
    assert.equal(canonicalQuery(spec), 'w=300&h=200&fit=cover&gravity=north&f=webp');
  });
});
