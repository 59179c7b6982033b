/**
 * `convertly/client/next`: a `next/image` loader. Either per image (`<Image loader={convertlyLoader({…})} />`)
 * or for the whole app (`images: { loader: 'custom', loaderFile: './convertly-loader.ts' }` re-exporting the
 * default, which reads `NEXT_PUBLIC_CONVERTLY_URL`). The `src` of an `<Image>` is a file id or a render path.
 */
import type { RenderParams } from './render-params.js';
import { urlAtWidth } from './srcset.js';

/** What `next/image` passes a loader (its `ImageLoaderProps`). */
export interface NextLoaderProps {
  readonly src: string;
  readonly width: number;
  readonly quality?: number | undefined;
}

export interface ConvertlyLoaderOptions {
  /** Where Convertly is served; `''` for the same origin. */
  readonly base?: string;
  /** Fixed parameters: with both `w` and `h`, every width Next asks for keeps that aspect (a crop). */
  readonly params?: RenderParams;
}

/**
 * A loader that renders exactly the width Next asks for (`w`), with `q` from the `quality` prop.
 * @throws RangeError (when Next calls it) for a width or parameter the server would refuse
 */
export function convertlyLoader(options: ConvertlyLoaderOptions = {}): (props: NextLoaderProps) => string {
  const base = options.base ?? '';
  const params = options.params ?? {};
  return ({ src, width, quality }) => urlAtWidth(base, src, quality === undefined ? params : { ...params, q: quality }, width);
}

// Next inlines NEXT_PUBLIC_* at build time; elsewhere `process` may not exist at all.
declare const process: { env: Record<string, string | undefined> } | undefined;
const envBase = typeof process === 'undefined' ? undefined : process.env.NEXT_PUBLIC_CONVERTLY_URL;

/** The app-wide loader for `loaderFile`: `NEXT_PUBLIC_CONVERTLY_URL` as the base (same origin when unset). */
export default convertlyLoader({ base: envBase ?? '' });
