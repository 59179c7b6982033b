import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { negotiateFormat, sameFormatAs } from '../../src/engine/negotiate-format.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../../src/params/vocabulary.js';

/** Accept headers browsers and tools really send for an <img> request. */
const ACCEPT = {
  chrome: 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8',
  safari17: 'image/webp,image/avif,image/jxl,image/heic,image/heic-sequence,video/*;q=0.8,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5',
  safari15: 'image/webp,image/png,image/svg+xml,image/*;q=0.8,video/*;q=0.8,*/*;q=0.5',
  safari13: 'image/png,image/svg+xml,image/*;q=0.8,video/*;q=0.8,*/*;q=0.5',
  firefox128: 'image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5',
  firefox92: 'image/avif,image/webp,*/*',
  firefox65: 'image/webp,*/*',
  curl: '*/*',
  empty: '',
} as const;

describe('negotiateFormat: f=auto', () => {
  // [what sends it, Accept, without alpha, with alpha]
  const cases: ReadonlyArray<readonly [string, string | undefined, OutputFormat, OutputFormat]> = [
    ['Chrome / Edge', ACCEPT.chrome, 'avif', 'avif'],
    ['Safari 17', ACCEPT.safari17, 'avif', 'avif'],
    ['Safari 15 (WebP, no AVIF)', ACCEPT.safari15, 'webp', 'webp'],
    ['Safari 13 (neither)', ACCEPT.safari13, 'jpeg', 'png'],
    ['Firefox 128', ACCEPT.firefox128, 'avif', 'avif'],
    ['Firefox 92', ACCEPT.firefox92, 'avif', 'avif'],
    ['Firefox 65', ACCEPT.firefox65, 'webp', 'webp'],
    ['curl', ACCEPT.curl, 'jpeg', 'png'],
    ['an empty Accept', ACCEPT.empty, 'jpeg', 'png'],
    ['no Accept header', undefined, 'jpeg', 'png'],
    ['wildcards only', 'image/*', 'jpeg', 'png'],
    ['AVIF refused with q=0', 'image/avif;q=0', 'jpeg', 'png'],
    ['AVIF refused with q=0.0, WebP accepted', 'image/avif;q=0.0,image/webp', 'webp', 'webp'],
    ['AVIF refused with spaces around the parameter', 'image/avif ; q=0 , image/webp', 'webp', 'webp'],
    ['both refused, */* accepted', 'image/avif;q=0,image/webp;q=0,*/*', 'jpeg', 'png'],
    ['AVIF with a low but non-zero q', 'image/avif;q=0.1,image/webp', 'avif', 'avif'],
    ['upper-case media types', 'IMAGE/AVIF,IMAGE/WEBP', 'avif', 'avif'],
    ['WebP only', 'image/webp', 'webp', 'webp'],
    ['a malformed header', ';;,,;q=,image/', 'jpeg', 'png'],
  ];
  for (const [who, accept, opaque, alpha] of cases) {
    it(`picks ${opaque} (${alpha} with alpha) for ${who}`, () => {
      assert.equal(negotiateFormat('auto', accept, false), opaque);
      assert.equal(negotiateFormat('auto', accept, true), alpha);
    });
  }
});

describe('negotiateFormat: explicit formats', () => {
  it('returns an explicit format untouched whatever the Accept header and alpha', () => {
    for (const format of OUTPUT_FORMATS) {
      for (const accept of [...Object.values(ACCEPT), undefined, 'image/avif;q=0']) {
        for (const hasAlpha of [false, true]) assert.equal(negotiateFormat(format, accept, hasAlpha), format);
      }
    }
  });
});

describe('sameFormatAs', () => {
  it('keeps what sharp can write and turns TIFF into JPEG', () => {
    assert.equal(sameFormatAs('png'), 'png');
    assert.equal(sameFormatAs('jpeg'), 'jpeg');
    assert.equal(sameFormatAs('webp'), 'webp');
    assert.equal(sameFormatAs('avif'), 'avif');
    assert.equal(sameFormatAs('gif'), 'gif');
    assert.equal(sameFormatAs('tiff'), 'jpeg');
  });
});

describe('negotiateFormat: an animation stays animated', () => {
  it('f=auto gives WebP when accepted, else GIF, whatever else is accepted or the alpha', () => {
    for (const hasAlpha of [false, true]) {
      assert.equal(negotiateFormat('auto', 'image/avif,image/webp,*/*', hasAlpha, true), 'webp');
      assert.equal(negotiateFormat('auto', 'image/avif,image/png,*/*', hasAlpha, true), 'gif');
      assert.equal(negotiateFormat('auto', undefined, hasAlpha, true), 'gif');
      assert.equal(negotiateFormat('auto', 'image/webp;q=0,image/avif', hasAlpha, true), 'gif');
    }
  });

  it('an explicit format is kept (a still format then shows the first frame)', () => {
    for (const format of ['jpeg', 'png', 'avif', 'webp', 'gif'] as const) assert.equal(negotiateFormat(format, 'image/webp', false, true), format);
  });
});
