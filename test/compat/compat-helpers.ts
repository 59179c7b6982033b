import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { isAppError } from '../../src/errors/app-error.js';
import { parseTransform, type RawQuery } from '../../src/params/parse-transform.js';
import type { NormalisedPoint } from '../../src/geometry/normalised-point.js';
import { resolveFocus } from '../../src/params/focus.js';
import type { TransformSpec } from '../../src/params/transform-spec.js';
import type { Gravity } from '../../src/params/vocabulary.js';

/** The spec fields a row expects, with the crop named as the dialects name it. */
export type ExpectedSpec = Partial<Omit<TransformSpec, 'focus'>> & { readonly gravity?: Gravity | undefined; readonly fp?: NormalisedPoint | undefined };

// @imgix/js-core is CommonJS (`module.exports = ImgixClient`) but its types declare `export default`,
// which NodeNext reads as `.default`; requiring it gives the class under the type it declares.
export const ImgixClient: typeof import('@imgix/js-core').default = createRequire(import.meta.url)('@imgix/js-core');

/** imgix's own client, as customers build their URLs. */
export const imgix = new ImgixClient({ domain: 'example.imgix.net', includeLibraryParam: false });

/** The query of a URL as the HTTP layer hands it over: repeated keys become arrays. */
export function queryOf(url: string): RawQuery {
  const params = new URL(url).searchParams;
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    query[name] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return query;
}

/** Asserts Convertly's own parser accepts the translated query and it yields the expected spec fields. */
export function assertSpec(query: Readonly<Record<string, string>>, expected: ExpectedSpec, label: string): void {
  const spec = parseTransform(query);
  const { gravity, fp, ...fields } = expected;
  const actual = Object.fromEntries(Object.keys(fields).map((key) => [key, spec[key as keyof TransformSpec]]));
  assert.deepEqual(actual, fields, label);
  // Rows name the crop as the dialects do (gravity, fp); the spec holds the one focus they resolve to.
  if ('gravity' in expected || 'fp' in expected) assert.deepEqual(spec.focus, resolveFocus(gravity, fp), label);
}

/** Asserts a call is rejected with an `invalid_parameter` AppError whose message names `name`. */
export function assertInvalid(run: () => unknown, name: string | RegExp, label: string): void {
  assert.throws(
    run,
    (error: unknown) => {
      assert.ok(isAppError(error), `${label}: expected an AppError, got ${String(error)}`);
      assert.equal(error.code, 'invalid_parameter', label);
      assert.equal(error.status, 400, label);
      if (typeof name === 'string') assert.ok(error.message.includes(name), `${label}: "${error.message}" should name ${name}`);
      else assert.match(error.message, name, label);
      return true;
    },
    label,
  );
}
