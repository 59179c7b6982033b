/**
 * The parameters of a render URL (docs/api.md §1) as the client takes them, checked against the same
 * ranges the server enforces so a bad value fails where it is written, not as a broken image later.
 * The vocabularies are repeated here on purpose: the client imports nothing from the server
 * (test/client/render-params.test.ts keeps them equal to src/params/vocabulary.ts).
 */

export const CLIENT_FITS = ['cover', 'contain', 'fill', 'inside', 'outside'] as const;
export const CLIENT_GRAVITIES = [
  'auto', 'smart', 'face', 'faces', 'entropy', 'focal',
  'center', 'north', 'northeast', 'east', 'southeast', 'south', 'southwest', 'west', 'northwest',
] as const;
export const CLIENT_CROPS = ['smart', 'edges', 'faces', 'entropy', 'focalpoint'] as const;
export const CLIENT_FORMATS = ['jpeg', 'png', 'webp', 'avif', 'gif', 'auto'] as const;
/** Largest `w`, `h`, `w×dpr` and `h×dpr` the server renders. */
export const CLIENT_MAX_DIMENSION = 8192;
export const CLIENT_MAX_DPR = 4;

/** A focal point: fractions of the width and height in [0,1], or the `fp` text itself (`"30%,70%"`). */
export type FocalPointParam = { readonly x: number; readonly y: number } | string;

/** Everything a render URL can say. Unset fields are left out of the URL. */
export interface RenderParams {
  /** Output width in CSS pixels, 1–8192. */
  readonly w?: number | undefined;
  /** Output height in CSS pixels, 1–8192. */
  readonly h?: number | undefined;
  /** Device pixel ratio, 1–4; multiplies `w` and `h`. */
  readonly dpr?: number | undefined;
  readonly fit?: (typeof CLIENT_FITS)[number] | undefined;
  readonly gravity?: (typeof CLIENT_GRAVITIES)[number] | undefined;
  /** imgix-style alias of `gravity`. */
  readonly crop?: (typeof CLIENT_CROPS)[number] | undefined;
  /** Manual focal point; wins over `gravity`. */
  readonly fp?: FocalPointParam | undefined;
  /** Output format (`jpg` is `jpeg`); `auto` (the server's default) negotiates from `Accept`. */
  readonly f?: (typeof CLIENT_FORMATS)[number] | 'jpg' | undefined;
  /** Quality 1–100 for lossy formats. */
  readonly q?: number | undefined;
  /** Draw faces, focus and window instead of cropping. */
  readonly debug?: boolean | undefined;
  /** A delivery key (`cvdk_…`) for public pages. Never an API key: the server refuses those in URLs. */
  readonly key?: string | undefined;
}

/** The order parameters are written in: the server's canonical order, then the credential. */
export const PARAM_ORDER = ['w', 'h', 'dpr', 'fit', 'gravity', 'crop', 'fp', 'f', 'q', 'debug', 'key'] as const;

function integerIn(name: string, value: number, min: number, max: number): string {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`Expected an integer from ${min} to ${max} for ${name} but received ${value}`);
  }
  return String(value);
}

function oneOf(name: string, list: readonly string[], value: string): string {
  if (!list.includes(value)) throw new RangeError(`Expected one of ${list.join(', ')} for ${name} but received ${JSON.stringify(value)}`);
  return value;
}

function fraction(value: number): string {
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new RangeError(`Expected fractions from 0 to 1 for fp but received ${value}`);
  // Four decimals is a tenth of a pixel on an 8192-pixel side: enough, and keeps URLs (and cache keys) stable.
  return String(Math.round(value * 10_000) / 10_000);
}

/**
 * The query values of `params`, validated, in the canonical order (undefined ones dropped).
 * @throws RangeError naming the parameter that is out of range or not in its vocabulary
 */
export function renderParamEntries(params: RenderParams): Array<[string, string]> {
  const dpr = params.dpr ?? 1;
  if (!Number.isFinite(dpr) || dpr < 1 || dpr > CLIENT_MAX_DPR) throw new RangeError(`Expected a number from 1 to ${CLIENT_MAX_DPR} for dpr but received ${params.dpr}`);
  const values: Record<string, string | undefined> = {
    w: params.w === undefined ? undefined : integerIn('w', params.w, 1, CLIENT_MAX_DIMENSION),
    h: params.h === undefined ? undefined : integerIn('h', params.h, 1, CLIENT_MAX_DIMENSION),
    dpr: params.dpr === undefined || params.dpr === 1 ? undefined : String(Math.round(params.dpr * 100) / 100),
    fit: params.fit === undefined ? undefined : oneOf('fit', CLIENT_FITS, params.fit),
    gravity: params.gravity === undefined ? undefined : oneOf('gravity', CLIENT_GRAVITIES, params.gravity),
    crop: params.crop === undefined ? undefined : oneOf('crop', CLIENT_CROPS, params.crop),
    fp: params.fp === undefined ? undefined : typeof params.fp === 'string' ? params.fp : `${fraction(params.fp.x)},${fraction(params.fp.y)}`,
    f: params.f === undefined ? undefined : oneOf('f', [...CLIENT_FORMATS, 'jpg'], params.f),
    q: params.q === undefined ? undefined : integerIn('q', params.q, 1, 100),
    debug: params.debug === true ? '1' : undefined,
    key: params.key,
  };
  for (const side of ['w', 'h'] as const) {
    const size = params[side];
    if (size !== undefined && Math.round(size * dpr) > CLIENT_MAX_DIMENSION) {
      throw new RangeError(`Expected ${side}×dpr of at most ${CLIENT_MAX_DIMENSION} but received ${side}=${size}, dpr=${dpr}`);
    }
  }
  return PARAM_ORDER.flatMap((name) => (values[name] === undefined ? [] : [[name, values[name]] as [string, string]]));
}
