import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isAppError } from '../../src/errors/app-error.js';
import { canonicalParams } from '../../src/params/canonical-key.js';
import {
  translateCloudinaryToSpec,
  translateCloudinaryTransformations,
  translateImgixQuery,
  translateImgixToSpec,
  type SpecTranslation,
} from '../../src/compat/index.js';
import { parseTransform } from '../../src/params/parse-transform.js';

/** The translation's query is the canonical writing of its spec; `f` is left out when the source named no format. */
function assertCanonical({ translation, spec }: SpecTranslation, label: string): void {
  assert.deepEqual(spec, parseTransform(translation.query), label);
  const expected = canonicalParams(spec).filter(([name]) => name !== 'f' || translation.query.f !== undefined);
  assert.deepEqual(Object.entries(translation.query), expected, label);
}

function attempt(run: () => SpecTranslation): SpecTranslation | undefined {
  try {
    return run();
  } catch (error) {
    assert.ok(isAppError(error) && error.code === 'invalid_parameter', String(error));
    return undefined;
  }
}

describe('translate…ToSpec: the spec comes with the translation', () => {
  const option = (...values: string[]) => fc.option(fc.constantFrom(...values), { nil: undefined });
  /** Mostly valid imgix queries, so most runs translate. */
  const imgixQuery = fc
    .record({
      w: option('300', '0.5', '1000'),
      h: option('200', '0.25'),
      ar: option('16:9', '1:1'),
      fit: option('crop', 'clip', 'max', 'fill', 'scale'),
      crop: option('faces', 'focalpoint', 'top,left', 'entropy', 'edges'),
      'fp-x': option('0.3', '0.33333', '1'),
      'fp-y': option('0.7', '0.00004'),
      'fp-debug': option('1'),
      fm: option('webp', 'png', 'jpg'),
      q: option('80'),
      auto: option('format', 'compress'),
      dpr: option('1.001', '1.5', '2', '3.333'),
    })
    .map((query) => Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)) as Record<string, string>);

  it('imgix: the spec is what parseTransform reads from the query, and the translation is translateImgixQuery’s', () => {
    fc.assert(
      fc.property(imgixQuery, fc.boolean(), (query, sized) => {
        const options = sized ? { sourceSize: { width: 1024, height: 768 } } : {};
        const result = attempt(() => translateImgixToSpec(query, options));
        if (result === undefined) return;
        assert.deepEqual(result.translation, translateImgixQuery(query, options));
        assertCanonical(result, JSON.stringify(query));
      }),
      { numRuns: 500 },
    );
  });

  it('Cloudinary: the same for a transformation chain', () => {
    const action = fc.constantFrom('c_fill', 'c_fit', 'c_scale', 'c_pad', 'w_300', 'h_200', 'w_0.5', 'ar_16:9', 'g_face', 'g_north', 'g_xy_center', 'x_10', 'y_0.5', 'f_webp', 'q_80', 'dpr_2.0', 'dpr_1.001');
    const component = fc.oneof(
      fc.uniqueArray(action, { minLength: 1, maxLength: 4, selector: (text) => text.split('_')[0] }).map((parts) => parts.join(',')),
      // A focal point in source pixels: an fp once the source size is known.
      fc.constant('c_fill,g_xy_center,x_100,y_50,w_200,h_200'),
    );
    fc.assert(
      fc.property(fc.array(component, { maxLength: 3 }), fc.boolean(), (components, sized) => {
        const path = components.join('/');
        const options = sized ? { sourceSize: { width: 1024, height: 768 } } : {};
        const result = attempt(() => translateCloudinaryToSpec(path, options));
        if (result === undefined) return;
        assert.deepEqual(result.translation, translateCloudinaryTransformations(path, options));
        assertCanonical(result, path);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves out a dpr that rounds to 1, as the canonical key does', () => {
    assert.deepEqual(translateImgixQuery({ w: '100', dpr: '1.001' }).query, { w: '100' });
    assert.deepEqual(translateImgixQuery({ w: '100', dpr: '1.25' }).query, { w: '100', dpr: '1.25' });
  });
});
