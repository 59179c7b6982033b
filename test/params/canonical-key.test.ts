import assert from 'node:assert/strict';
import { misspelledParameter, NATIVE_PARAMS } from '../../src/params/unknown-params.js';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CANONICAL_PARAMS, RENDER_PIPELINE_VERSION, canonicalKey, canonicalParams, canonicalQuery } from '../../src/params/canonical-key.js';
import { parseTransform } from '../../src/params/parse-transform.js';
import type { TransformSpec } from '../../src/params/transform-spec.js';
import { CROP_ALIASES, FITS, GRAVITY_NAMES, OUTPUT_FORMATS } from '../../src/params/vocabulary.js';
import { queryOf } from './query.js';

const KNOWN = new Set(['w', 'h', 'dpr', 'fit', 'gravity', 'crop', 'fp', 'f', 'q', 'debug', 'rot', 'flip', 'trim', 'blur', 'sharpen', 'bg', 'pad', 'upscale', 'frame']);

const keyOf = (search: string): string => canonicalKey(parseTransform(queryOf(search)));
const canonicalQueryOf = (search: string): string => canonicalQuery(parseTransform(queryOf(search)));

/**
 * What SPEC §1 says can change the pixels: fit only when both sides are fixed, gravity and fp only
 * when that fit is cover (the only one that crops), and fp over gravity. Written from the spec, not
 * from canonical-key.ts, so the two can disagree.
 */
function renderRelevant(spec: TransformSpec): Record<string, unknown> {
  const crops = spec.width !== undefined && spec.height !== undefined;
  const covers = crops && spec.fit === 'cover';
  return {
    width: spec.width,
    height: spec.height,
    dpr: spec.dpr,
    fit: crops ? spec.fit : undefined,
    focus: covers ? spec.focus : undefined,
    format: spec.format,
    quality: spec.quality,
    debug: spec.debug,
  };
}

describe('canonicalKey', () => {
  it('spells the parameters in a fixed order with defaults left out', () => {
    assert.equal(canonicalQueryOf(''), 'f=auto');
    assert.equal(canonicalQueryOf('debug=1&q=80&f=webp&gravity=face&fit=cover&dpr=2&h=300&w=400'), 'w=400&h=300&dpr=2&fit=cover&gravity=face&f=webp&q=80&debug=1');
    assert.equal(canonicalQueryOf('w=400&h=300'), 'w=400&h=300&fit=cover&f=auto');
    assert.equal(canonicalQueryOf('w=400&h=300&fp=30%25,70%25'), 'w=400&h=300&fit=cover&fp=0.3,0.7&f=auto');
  });

  it('is the canonical query behind the render pipeline version, so a new pipeline never reuses an old ETag', () => {
    assert.equal(RENDER_PIPELINE_VERSION, 2);
    assert.equal(keyOf('w=400&h=300'), 'r2:w=400&h=300&fit=cover&f=auto');
    assert.equal(keyOf(''), `r${RENDER_PIPELINE_VERSION}:${canonicalQueryOf('')}`);
    // Pipeline 1 (one fused pipeline, DECODE_CACHE_BYTES=0) keeps the keys every earlier build wrote.
    assert.equal(canonicalKey(parseTransform(queryOf('w=400&h=300')), 1), 'w=400&h=300&fit=cover&f=auto');
  });

  const equivalent: ReadonlyArray<readonly string[]> = [
    ['w=400&h=300&fp=0.3,0.7', 'w=400&h=300&fp=30%25,70%25', 'w=400&h=300&fp=30%,70%', 'w=400&h=300&fp=.30,.70', 'w=400&h=300&fp=30%25,0.7'],
    // fp wins over gravity and over a crop alias.
    ['w=400&h=300&fp=0.3,0.7', 'w=400&h=300&fp=0.3,0.7&gravity=north', 'w=400&h=300&fp=0.3,0.7&crop=smart', 'w=400&h=300&gravity=face&fp=0.3,0.7'],
    ['w=400&f=jpg', 'w=400&f=jpeg'],
    ['w=400&h=300&crop=smart', 'w=400&h=300&gravity=smart', 'w=400&h=300&crop=edges'],
    ['w=400&h=300&crop=faces', 'w=400&h=300&gravity=faces'],
    ['w=400&h=300&crop=entropy', 'w=400&h=300&gravity=entropy'],
    ['w=400&h=300&crop=focalpoint', 'w=400&h=300&gravity=focal'],
    ['w=400&h=300&gravity=north&crop=smart', 'w=400&h=300&gravity=north'],
    ['w=400', 'w=400&dpr=1', 'w=400&dpr=1.0', 'w=400&dpr=1.00'],
    ['w=400&dpr=2', 'w=400&dpr=2.0', 'dpr=2&w=400'],
    ['w=400&h=300', 'h=300&w=400', 'w=400&h=300&fit=cover', 'w=400&h=300&debug=0', 'w=400&h=300&f=auto'],
    // One side alone keeps the aspect: nothing is cropped, so fit and gravity cannot matter.
    ['w=400', 'w=400&fit=contain', 'w=400&gravity=north', 'w=400&fp=0.1,0.1', 'w=400&fit=fill&crop=smart'],
    ['h=300', 'h=300&fit=inside&gravity=face'],
    // Only cover crops.
    ['w=400&h=300&fit=contain', 'w=400&h=300&fit=contain&gravity=north', 'w=400&h=300&fit=contain&fp=0.5,0.5'],
    ['w=400&h=300&q=80', 'w=400&h=300&q=080'],
    ['w=400&debug=1', 'w=400&debug=true'],
    ['w=400&h=300&fp=0.12344,0.5', 'w=400&h=300&fp=0.1234,0.5', 'w=400&h=300&fp=12.34%25,50%25'],
    // Unknown parameters never change the key (a misspelling of a known one, W or Gravity, is a 400: parse-operations.test.ts).
    ['w=400&h=300&gravity=face', 'w=400&h=300&gravity=face&utm_source=mail&fm=png&s=deadbeef&key=cvdk_x&fp-x=0.2&crop-x=1'],
  ];
  for (const group of equivalent) {
    it(`gives one key to ${group.join('  |  ')}`, () => {
      const keys = new Set(group.map(keyOf));
      assert.equal(keys.size, 1, [...keys].join('  vs  '));
    });
  }

  it('gives different renders different keys', () => {
    const distinct = [
      '',
      'w=400',
      'w=401',
      'h=400',
      'w=400&h=300',
      'w=400&h=301',
      'w=300&h=400',
      'w=400&dpr=2',
      'w=400&dpr=1.5',
      'w=400&dpr=1.51',
      'w=400&h=300&fit=contain',
      'w=400&h=300&fit=fill',
      'w=400&h=300&fit=inside',
      'w=400&h=300&fit=outside',
      ...GRAVITY_NAMES.map((gravity) => `w=400&h=300&gravity=${gravity}`),
      'w=400&h=300&fp=0.3,0.7',
      'w=400&h=300&fp=0.7,0.3',
      'w=400&h=300&fp=0.3,0.7001',
      'w=400&h=300&q=80',
      'w=400&h=300&q=81',
      ...OUTPUT_FORMATS.map((f) => `w=400&h=300&f=${f}`),
      'w=400&h=300&debug=1',
      'w=400&h=300&gravity=face&debug=1',
      'w=400&h=300&frame=1',
      'w=400&h=300&frame=2',
    ];
    const keys = distinct.map(keyOf);
    const seen = new Map<string, string>();
    for (const [index, key] of keys.entries()) {
      const other = seen.get(key);
      assert.equal(other, undefined, `${distinct[index]} and ${other} share ${key}`);
      seen.set(key, distinct[index] ?? '');
    }
  });

  it('keeps the CLI default format apart from the negotiated one', () => {
    assert.notEqual(canonicalKey(parseTransform({ w: '10' }, { defaultFormat: 'png' })), canonicalKey(parseTransform({ w: '10' })));
  });
});

const text = (n: number) => String(n);
const fraction = fc.integer({ min: 0, max: 10_000 }).map((n) => text(n / 10_000));
const percentage = fc
  .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 99 }))
  .map(([whole, hundredths]) => (whole === 100 ? '100%' : `${whole}.${String(hundredths).padStart(2, '0')}%`));
const coordinate = fc.oneof(fraction, percentage);

/** Random valid CDN queries, as URL strings, w×dpr and h×dpr kept within 8192 as the spec requires. */
const validQuery = fc
  .integer({ min: 100, max: 400 })
  .chain((dprHundredths) => {
    const dpr = dprHundredths / 100;
    const side = fc.integer({ min: 1, max: Math.floor(8192 / dpr) });
    const none = undefined;
    return fc.record({
      w: fc.option(side.map(text), { nil: none }),
      h: fc.option(side.map(text), { nil: none }),
      dpr: fc.option(fc.constantFrom(text(dpr), dpr.toFixed(2), dpr.toFixed(3)), { nil: none }),
      fit: fc.option(fc.constantFrom(...FITS), { nil: none }),
      gravity: fc.option(fc.constantFrom(...GRAVITY_NAMES), { nil: none }),
      crop: fc.option(fc.constantFrom(...(Object.keys(CROP_ALIASES) as Array<keyof typeof CROP_ALIASES>)), { nil: none }),
      fp: fc.option(fc.tuple(coordinate, coordinate).map(([x, y]) => `${x},${y}`), { nil: none }),
      f: fc.option(fc.constantFrom(...OUTPUT_FORMATS, 'auto', 'jpg'), { nil: none }),
      q: fc.option(fc.integer({ min: 1, max: 100 }).map(text), { nil: none }),
      debug: fc.option(fc.constantFrom('0', '1', 'true', 'false'), { nil: none }),
      frame: fc.option(fc.integer({ min: 1, max: 500 }).map(text), { nil: none }),
    });
  })
  .map((params) => {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) if (value !== undefined) search.append(name, value);
    return search.toString();
  });

const unknownParams = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 8 }).filter((name) => !KNOWN.has(name) && !NATIVE_PARAMS.includes(name) && misspelledParameter(name) === undefined),
  fc.string({ maxLength: 12 }),
  { maxKeys: 5 },
);

describe('canonicalQuery properties', () => {
  it('parse(canonical query of spec) round-trips to an equal spec', () => {
    fc.assert(
      fc.property(validQuery, (search) => {
        const spec = parseTransform(queryOf(search));
        const query = canonicalQuery(spec);
        const reparsed = parseTransform(queryOf(query));
        // Everything that can change the pixels survives the trip…
        assert.deepEqual(renderRelevant(reparsed), renderRelevant(spec));
        // …and the canonical form is a fixed point: its own spec, field for field, and its own query and key.
        assert.equal(canonicalQuery(reparsed), query);
        assert.equal(canonicalKey(reparsed), canonicalKey(spec));
        assert.deepEqual({ ...parseTransform(queryOf(canonicalQuery(reparsed))) }, { ...reparsed });
        // When nothing in the request was irrelevant, the spec itself comes back whole.
        const crops = spec.width !== undefined && spec.height !== undefined;
        const overruled = /(^|&)fp=/.test(search) && /(^|&)(gravity|crop)=/.test(search);
        if (crops && spec.fit === 'cover' && !overruled) {
          assert.deepEqual({ ...reparsed }, { ...spec });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('is URL-safe: every value reads back unchanged through URLSearchParams', () => {
    fc.assert(
      fc.property(validQuery, (search) => {
        const query = canonicalQuery(parseTransform(queryOf(search)));
        assert.equal(new URLSearchParams(query).toString().replaceAll('%2C', ','), query);
        for (const name of new URLSearchParams(query).keys()) assert.ok(KNOWN.has(name), name);
      }),
    );
  });

  it('never changes with unknown parameters', () => {
    fc.assert(
      fc.property(validQuery, unknownParams, (search, extra) => {
        const withExtra = new URLSearchParams(search);
        for (const [name, value] of Object.entries(extra)) withExtra.append(name, value);
        assert.equal(canonicalKey(parseTransform(queryOf(withExtra.toString()))), canonicalKey(parseTransform(queryOf(search))));
      }),
      { numRuns: 300 },
    );
  });
});

describe('canonicalParams', () => {
  it('is what canonicalQuery joins, in the order of CANONICAL_PARAMS', () => {
    fc.assert(
      fc.property(validQuery, (search) => {
        const spec = parseTransform(queryOf(search));
        const params = canonicalParams(spec);
        assert.equal(params.map(([name, value]) => `${name}=${value}`).join('&'), canonicalQuery(spec));
        const positions = params.map(([name]) => CANONICAL_PARAMS.indexOf(name));
        assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });
});
