/**
 * `convertly/client/nuxt`: a Nuxt Image provider. In nuxt.config:
 * `image: { providers: { convertly: { provider: 'convertly/client/nuxt', options: { baseURL: 'https://img.example.com' } } } }`.
 * The default export has the shape `defineProvider()` returns, so the module needs nothing from Nuxt.
 */
import { buildUrl } from './build-url.js';
import type { RenderParams } from './render-params.js';

/** Nuxt Image's standard modifiers plus Convertly's own (`gravity`, `fp`, `crop`, `dpr`, `debug`, `key`). */
export interface ConvertlyModifiers {
  readonly width?: number | string;
  readonly height?: number | string;
  readonly fit?: RenderParams['fit'];
  readonly format?: RenderParams['f'];
  readonly quality?: number | string;
  readonly gravity?: RenderParams['gravity'];
  readonly fp?: RenderParams['fp'];
  readonly crop?: RenderParams['crop'];
  readonly dpr?: number | string;
  readonly debug?: boolean;
  readonly key?: string;
  readonly [other: string]: unknown;
}

export interface ConvertlyProviderOptions {
  readonly modifiers?: ConvertlyModifiers;
  /** Where Convertly is served; `''` for the same origin. */
  readonly baseURL?: string;
  readonly [other: string]: unknown;
}

const RENDER_PATH = /^\/(?:cdn|imgix|cloudinary)\//;

function number(value: number | string | undefined): number | undefined {
  return value === undefined || value === '' ? undefined : Number(value);
}

/** Modifiers as render parameters; the ones Convertly has no equivalent for (blur, background…) are not sent. */
export function modifiersToParams(modifiers: ConvertlyModifiers): RenderParams {
  return {
    w: number(modifiers.width),
    h: number(modifiers.height),
    dpr: number(modifiers.dpr),
    fit: modifiers.fit,
    gravity: modifiers.gravity,
    crop: modifiers.crop,
    fp: modifiers.fp,
    f: modifiers.format,
    q: number(modifiers.quality),
    debug: modifiers.debug,
    key: modifiers.key,
  };
}

/**
 * Nuxt Image's `getImage`: Nuxt hands over `src` with a leading slash, so `/f_abc` is the file `f_abc`,
 * while `/cdn/…`, `/imgix/…` and `/cloudinary/…` paths and absolute URLs are kept.
 * @throws RangeError for a modifier the server would refuse
 */
export function getImage(src: string, options: ConvertlyProviderOptions = {}): { url: string } {
  const fileIdOrPath = src.startsWith('/') && !RENDER_PATH.test(src) ? src.slice(1) : src;
  return { url: buildUrl(options.baseURL ?? '', fileIdOrPath, modifiersToParams(options.modifiers ?? {})) };
}

const provider = Object.freeze({ getImage });

/** The provider as `defineProvider({ getImage })` would give it: a setup function returning it. */
export default function convertlyProvider(): typeof provider {
  return provider;
}
