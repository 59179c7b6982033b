import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../src/errors/app-error.js';
import { parseFocalPoint, parseTransform, type RawQuery } from '../../src/params/parse-transform.js';
import { NO_OPERATIONS } from '../../src/params/operations.js';
import type { TransformSpec } from '../../src/params/transform-spec.js';
import { queryOf } from './query.js';

const DEFAULTS: TransformSpec = {
  width: undefined,
  height: undefined,
  dpr: 1,
  fit: 'cover',
  focus: { kind: 'stored' },
  format: 'auto',
  quality: undefined,
  debug: false,
  operations: NO_OPERATIONS,
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Asserts the house error: invalid_parameter, 400, `Expected … for NAME but received …`, details.parameter.
 * `expected` is a fragment of what the message says was expected; `received` is how the value is quoted.
 */
function assertInvalid(query: RawQuery, parameter: string, expected: string, received: string): void {
  assert.throws(
    () => parseTransform(query),
    (error: unknown) => {
      assert.ok(error instanceof AppError, `not an AppError: ${String(error)}`);
      assert.equal(error.code, 'invalid_parameter');
      assert.equal(error.status, 400);
      assert.equal(error.isClientError, true);
      assert.equal(error.details?.parameter, parameter);
      assert.match(error.message, new RegExp(`^Expected .+ for ${escapeRegExp(parameter)} but received ${escapeRegExp(received)}$`));
      assert.ok(error.message.includes(expected), `"${error.message}" does not say it expected "${expected}"`);
      assert.deepEqual(error.toJSON(), { error: { code: 'invalid_parameter', message: error.message } });
      return true;
    },
  );
}

describe('parseTransform: valid values', () => {
  const cases: ReadonlyArray<readonly [string, Partial<TransformSpec>]> = [
    ['', {}],
    ['w=1', { width: 1 }],
    ['w=8192', { width: 8192 }],
    ['w=400', { width: 400 }],
    ['h=1', { height: 1 }],
    ['h=8192', { height: 8192 }],
    ['w=400&h=300', { width: 400, height: 300 }],
    ['dpr=1', {}],
    ['dpr=1.0', {}],
    ['dpr=2', { dpr: 2 }],
    ['dpr=1.5', { dpr: 1.5 }],
    ['dpr=2.625', { dpr: 2.63 }],
    ['dpr=4', { dpr: 4 }],
    ['dpr=4.00', { dpr: 4 }],
    ['w=2048&dpr=4', { width: 2048, dpr: 4 }],
    ['w=4096&h=4096&dpr=2', { width: 4096, height: 4096, dpr: 2 }],
    ['fit=cover', {}],
    ['fit=contain', { fit: 'contain' }],
    ['fit=fill', { fit: 'fill' }],
    ['fit=inside', { fit: 'inside' }],
    ['fit=outside', { fit: 'outside' }],
    ['f=jpeg', { format: 'jpeg' }],
    ['f=jpg', { format: 'jpeg' }],
    ['f=png', { format: 'png' }],
    ['f=webp', { format: 'webp' }],
    ['f=avif', { format: 'avif' }],
    ['f=gif', { format: 'gif' }],
    ['f=auto', { format: 'auto' }],
    ['q=1', { quality: 1 }],
    ['q=75', { quality: 75 }],
    ['q=100', { quality: 100 }],
    ['debug=1', { debug: true }],
    ['debug=true', { debug: true }],
    ['debug=0', { debug: false }],
    ['debug=false', { debug: false }],
    ['frame=1', { frame: 1 }],
    ['frame=30', { frame: 30 }],
  ];

  for (const [search, expected] of cases) {
    it(`accepts ${search === '' ? 'no parameters' : search}`, () => {
      const spec = parseTransform(queryOf(search));
      assert.deepEqual({ ...spec }, { ...DEFAULTS, ...expected });
      assert.ok(Object.isFrozen(spec));
    });
  }

  it('accepts every gravity name', () => {
    const names = ['auto', 'smart', 'face', 'faces', 'entropy', 'center', 'north', 'northeast', 'east', 'southeast', 'south', 'southwest', 'west', 'northwest', 'focal'] as const;
    for (const name of names) assert.deepEqual(parseTransform({ gravity: name }).focus, { kind: 'gravity', name });
  });

  it('maps the crop aliases to their gravity', () => {
    const aliases = [
      ['smart', 'smart'],
      ['edges', 'smart'],
      ['faces', 'faces'],
      ['entropy', 'entropy'],
      ['focalpoint', 'focal'],
    ] as const;
    for (const [crop, gravity] of aliases) assert.deepEqual(parseTransform({ crop }).focus, { kind: 'gravity', name: gravity }, `crop=${crop}`);
  });

  it('lets an explicit gravity win over a crop alias', () => {
    assert.deepEqual(parseTransform(queryOf('crop=smart&gravity=north')).focus, { kind: 'gravity', name: 'north' });
  });

  it('lets fp win over gravity and crop, and still validates them', () => {
    assert.deepEqual(parseTransform(queryOf('fp=0.3,0.7&gravity=face&crop=edges')).focus, { kind: 'point', point: { x: 0.3, y: 0.7 } });
    assert.throws(() => parseTransform(queryOf('fp=0.3,0.7&gravity=sideways')), /gravity/);
  });

  it('accepts a one-element array as a single value', () => {
    assert.equal(parseTransform({ w: ['640'] }).width, 640);
  });

  it('ignores unknown parameters', () => {
    const spec = parseTransform(queryOf('w=10&utm_source=mail&fm=bmp&fp-x=9&s=abc&key=cvdk_x&foo=&foo=2'));
    assert.deepEqual({ ...spec }, { ...DEFAULTS, width: 10 });
  });

  it('uses the caller default format only when f is absent', () => {
    assert.equal(parseTransform({}, { defaultFormat: 'png' }).format, 'png');
    assert.equal(parseTransform({ f: 'webp' }, { defaultFormat: 'png' }).format, 'webp');
    assert.equal(parseTransform({ f: 'auto' }, { defaultFormat: 'png' }).format, 'auto');
  });
});

describe('parseTransform: fp', () => {
  const cases: ReadonlyArray<readonly [string, { x: number; y: number }]> = [
    ['0.3,0.7', { x: 0.3, y: 0.7 }],
    ['0,0', { x: 0, y: 0 }],
    ['1,1', { x: 1, y: 1 }],
    ['0,1', { x: 0, y: 1 }],
    ['.25,.75', { x: 0.25, y: 0.75 }],
    ['1.0,0.50', { x: 1, y: 0.5 }],
    ['30%,70%', { x: 0.3, y: 0.7 }],
    ['0%,100%', { x: 0, y: 1 }],
    ['12.5%,87.5%', { x: 0.125, y: 0.875 }],
    ['30%,0.7', { x: 0.3, y: 0.7 }],
    [' 0.3 , 0.7 ', { x: 0.3, y: 0.7 }],
    // Four decimals: a tenth of a pixel at 1000 px.
    ['0.123456,0.987654', { x: 0.1235, y: 0.9877 }],
    ['33.33333%,66.66666%', { x: 0.3333, y: 0.6667 }],
  ];
  for (const [raw, expected] of cases) {
    it(`accepts fp=${raw}`, () => {
      assert.deepEqual(parseTransform({ fp: raw }).focus, { kind: 'point', point: expected });
      assert.deepEqual({ ...parseFocalPoint(raw) }, expected);
    });
  }

  it('reads percentages whether or not the % is URL-encoded', () => {
    assert.deepEqual(parseTransform(queryOf('fp=30%25,70%25')).focus, { kind: 'point', point: { x: 0.3, y: 0.7 } });
    assert.deepEqual(parseTransform(queryOf('fp=30%,70%')).focus, { kind: 'point', point: { x: 0.3, y: 0.7 } });
  });

  it('names the parameter it was given', () => {
    assert.throws(() => parseFocalPoint('2,2', 'focal'), (error: unknown) => error instanceof AppError && error.details?.parameter === 'focal');
  });
});

describe('parseTransform: invalid values are a 400 naming the parameter', () => {
  const integer = 'an integer between 1 and 8192';
  const fp = 'two fractions in [0,1] or percentages';
  // [query, parameter, part of what was expected, how the received value is quoted]
  const cases: ReadonlyArray<readonly [string, string, string, string]> = [
    ['w=0', 'w', integer, '"0"'],
    ['w=8193', 'w', integer, '"8193"'],
    ['w=1.5', 'w', integer, '"1.5"'],
    ['w=-1', 'w', integer, '"-1"'],
    ['w=abc', 'w', integer, '"abc"'],
    ['w=', 'w', integer, '""'],
    ['w=1e3', 'w', integer, '"1e3"'],
    ['w=%2B5', 'w', integer, '"+5"'],
    ['w=%205', 'w', integer, '" 5"'],
    ['w=99999999999999999999', 'w', integer, '"99999999999999999999"'],
    ['h=0', 'h', integer, '"0"'],
    ['h=8193', 'h', integer, '"8193"'],
    ['h=1.5', 'h', integer, '"1.5"'],
    ['h=-1', 'h', integer, '"-1"'],
    ['h=abc', 'h', integer, '"abc"'],
    ['h=', 'h', integer, '""'],
    ['frame=0', 'frame', 'an integer between 1 and 100000', '"0"'],
    ['frame=-1', 'frame', 'an integer between 1 and 100000', '"-1"'],
    ['frame=1.5', 'frame', 'an integer between 1 and 100000', '"1.5"'],
    ['frame=first', 'frame', 'an integer between 1 and 100000', '"first"'],
    ['frame=100001', 'frame', 'an integer between 1 and 100000', '"100001"'],
    ['dpr=0.5', 'dpr', 'a number between 1 and 4', '"0.5"'],
    ['dpr=0', 'dpr', 'a number between 1 and 4', '"0"'],
    ['dpr=5', 'dpr', 'a number between 1 and 4', '"5"'],
    ['dpr=4.01', 'dpr', 'a number between 1 and 4', '"4.01"'],
    ['dpr=abc', 'dpr', 'a number between 1 and 4', '"abc"'],
    ['dpr=', 'dpr', 'a number between 1 and 4', '""'],
    ['dpr=-2', 'dpr', 'a number between 1 and 4', '"-2"'],
    ['dpr=Infinity', 'dpr', 'a number between 1 and 4', '"Infinity"'],
    ['dpr=2x', 'dpr', 'a number between 1 and 4', '"2x"'],
    ['w=4097&dpr=2', 'dpr', 'w×dpr within 8192', '"2"'],
    ['h=2731&dpr=3', 'dpr', 'h×dpr within 8192', '"3"'],
    ['w=100&h=8192&dpr=1.01', 'dpr', 'h×dpr within 8192', '"1.01"'],
    ['w=8192&dpr=4', 'dpr', 'w×dpr within 8192', '"4"'],
    ['fit=crop', 'fit', 'one of cover, contain, fill, inside, outside', '"crop"'],
    ['fit=', 'fit', 'one of cover', '""'],
    ['fit=COVER', 'fit', 'one of cover', '"COVER"'],
    ['gravity=middle', 'gravity', 'one of auto, smart, face, faces, entropy', '"middle"'],
    ['gravity=', 'gravity', 'one of auto', '""'],
    ['gravity=top,left', 'gravity', 'one of auto', '"top,left"'],
    ['crop=foo', 'crop', 'one of smart, edges, faces, entropy, focalpoint', '"foo"'],
    ['crop=__proto__', 'crop', 'one of smart', '"__proto__"'],
    ['crop=toString', 'crop', 'one of smart', '"toString"'],
    ['crop=foo&gravity=north', 'crop', 'one of smart', '"foo"'],
    ['fp=1.2,0.5', 'fp', fp, '"1.2,0.5"'],
    ['fp=0.5', 'fp', fp, '"0.5"'],
    ['fp=a,b', 'fp', fp, '"a,b"'],
    ['fp=-0.1,0.5', 'fp', fp, '"-0.1,0.5"'],
    ['fp=101%25,0', 'fp', fp, '"101%,0"'],
    ['fp=0.5,1.0001', 'fp', fp, '"0.5,1.0001"'],
    ['fp=0.3,0.7,0.1', 'fp', fp, '"0.3,0.7,0.1"'],
    ['fp=,', 'fp', fp, '","'],
    ['fp=', 'fp', fp, '""'],
    ['fp=%25,%25', 'fp', fp, '"%,%"'],
    ['fp=1e-1,0', 'fp', fp, '"1e-1,0"'],
    ['fp=NaN,0', 'fp', fp, '"NaN,0"'],
    ['q=0', 'q', 'an integer between 1 and 100', '"0"'],
    ['q=101', 'q', 'an integer between 1 and 100', '"101"'],
    ['q=8.5', 'q', 'an integer between 1 and 100', '"8.5"'],
    ['q=high', 'q', 'an integer between 1 and 100', '"high"'],
    ['q=', 'q', 'an integer between 1 and 100', '""'],
    ['f=bmp', 'f', 'one of jpeg, png, webp, avif, gif, auto', '"bmp"'],
    ['f=JPEG', 'f', 'one of jpeg', '"JPEG"'],
    ['f=', 'f', 'one of jpeg', '""'],
    ['f=tiff', 'f', 'one of jpeg', '"tiff"'],
    ['debug=2', 'debug', '1 or 0', '"2"'],
    ['debug=yes', 'debug', '1 or 0', '"yes"'],
    ['debug=', 'debug', '1 or 0', '""'],
    // Repeated keys arrive as arrays: ambiguous, so refused rather than guessed.
    ['w=1&w=2', 'w', 'a single value', '2 values'],
    ['w=400&w=400', 'w', 'a single value', '2 values'],
    ['h=1&h=2', 'h', 'a single value', '2 values'],
    ['dpr=1&dpr=2', 'dpr', 'a single value', '2 values'],
    ['fit=cover&fit=contain', 'fit', 'a single value', '2 values'],
    ['gravity=north&gravity=south', 'gravity', 'a single value', '2 values'],
    ['crop=smart&crop=faces', 'crop', 'a single value', '2 values'],
    ['fp=0.1,0.1&fp=0.2,0.2', 'fp', 'a single value', '2 values'],
    ['f=webp&f=avif&f=png', 'f', 'a single value', '3 values'],
    ['q=1&q=2', 'q', 'a single value', '2 values'],
    ['debug=1&debug=1', 'debug', 'a single value', '2 values'],
  ];
  for (const [search, parameter, expected, received] of cases) {
    it(`rejects ${search}`, () => assertInvalid(queryOf(search), parameter, expected, received));
  }

  it('rejects an empty array', () => assertInvalid({ w: [] }, 'w', 'a single value', '0 values'));

  it('shortens a long received value', () => {
    assert.throws(
      () => parseTransform({ f: 'x'.repeat(1000) }),
      (error: unknown) => error instanceof AppError && error.message.length < 200 && error.message.endsWith('…"'),
    );
  });
});
