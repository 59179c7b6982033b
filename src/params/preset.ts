import { AppError, invalidParameter } from '../errors/app-error.js';
import { CANONICAL_PARAMS } from './canonical-key.js';
import { parseTransform } from './parse-transform.js';
import type { RawQuery } from './query-values.js';
import { toRawQuery, type RenderParamsInput } from './render-params.js';

/** The query parameter that names a preset (`preset=thumb`); Cloudinary's `t_thumb` becomes it. */
export const PRESET_PARAM = 'preset';

/** Letters, digits, `_` and `-`, 1 to 64, starting with a letter or digit: safe in a URL and in a Cloudinary `t_` action. */
const PRESET_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const NAME_EXPECTED = '1 to 64 letters, digits, "_" or "-", starting with a letter or digit';

/** What a preset may set: the transform's parameters and `crop`; never credentials, nor another preset. */
export const PRESET_PARAMS: readonly string[] = [...CANONICAL_PARAMS, 'crop'];

/** The focus parameters override as one: a URL's `crop=faces` replaces a preset's `gravity` and `fp` too. */
const FOCUS_GROUP = ['gravity', 'crop', 'fp'];

/** @throws invalid_parameter naming `name` (or `preset` in a URL) when it is not a valid preset name */
export function parsePresetName(raw: unknown, field = 'name'): string {
  if (typeof raw !== 'string' || !PRESET_NAME.test(raw)) throw invalidParameter(field, NAME_EXPECTED, raw);
  return raw;
}

/** The preset a query names, or undefined. @throws invalid_parameter naming `preset` */
export function presetNameOf(query: RawQuery): string | undefined {
  const value = query[PRESET_PARAM];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParameter(PRESET_PARAM, 'a single value', value);
  return parsePresetName(value, PRESET_PARAM);
}

/**
 * A preset's parameters validated exactly as a URL's are (the same parser, the same 400 naming the
 * parameter), kept as written (strings, in the order given) so a preset of `gravity=face` alone still
 * applies to a URL that brings the size. Unknown names are refused: a preset is written once, on purpose.
 * @throws invalid_parameter naming the parameter
 */
export function parsePresetParams(input: unknown): Readonly<Record<string, string>> {
  const isInput = typeof input === 'string' || (typeof input === 'object' && input !== null && !Array.isArray(input));
  if (!isInput) throw invalidParameter('params', 'an object of render parameters such as {"w":300,"h":300} or a query string "w=300&h=300"', input);
  const query = toRawQuery(input as RenderParamsInput);
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (!PRESET_PARAMS.includes(name)) {
      throw new AppError('invalid_parameter', `Unknown parameter ${JSON.stringify(name)} in the preset; a preset takes ${PRESET_PARAMS.join(', ')}`, {
        details: { parameter: name },
      });
    }
    if (typeof value !== 'string') throw invalidParameter(name, 'a single value', value);
    params[name] = value;
  }
  if (Object.keys(params).length === 0) throw invalidParameter('params', 'at least one render parameter', input);
  parseTransform(params);
  return Object.freeze(params);
}

/**
 * The query a URL with a preset renders: the preset's parameters, then the URL's on top (the URL wins, the
 * focus parameters as one group), without `preset` itself. The caller parses the result like any query, so the
 * canonical key — and the ETag — is the spelled-out URL's, and changes whenever the preset does.
 */
export function applyPreset(preset: Readonly<Record<string, string>>, query: RawQuery): RawQuery {
  const urlSetsFocus = FOCUS_GROUP.some((name) => query[name] !== undefined);
  const merged: Record<string, string | readonly string[] | undefined> = {};
  for (const [name, value] of Object.entries(preset)) {
    if (!(urlSetsFocus && FOCUS_GROUP.includes(name))) merged[name] = value;
  }
  for (const [name, value] of Object.entries(query)) {
    if (name !== PRESET_PARAM && value !== undefined) merged[name] = value;
  }
  return merged;
}
