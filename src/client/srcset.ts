import { buildUrl } from './build-url.js';
import { CLIENT_MAX_DIMENSION, type RenderParams } from './render-params.js';

/** Candidate widths for a fluid image: Next.js's device sizes, which phones and desktops snap to. */
export const DEFAULT_WIDTHS: readonly number[] = Object.freeze([640, 750, 828, 1080, 1200, 1920, 2048, 3840]);
/** Pixel densities for a fixed-size image. */
export const DEFAULT_DPRS: readonly number[] = Object.freeze([1, 2]);

/** Width descriptors (`… 640w, … 1080w`: pair with `sizes`) or density descriptors (`… 1x, … 2x`). */
export type SrcsetOptions = { readonly widths: readonly number[] } | { readonly dprs: readonly number[] };

function sorted(values: readonly number[], name: string): number[] {
  if (values.length === 0) throw new RangeError(`Expected at least one value for ${name}`);
  return [...new Set(values)].sort((a, b) => a - b);
}

/**
 * The height at `width` that keeps the aspect of `params.w`×`params.h` (undefined when they do not fix one).
 * @throws RangeError when it would leave the server's 1–8192 range
 */
export function heightAt(params: RenderParams, width: number): number | undefined {
  if (params.w === undefined || params.h === undefined) return undefined;
  const height = Math.max(1, Math.round((width * params.h) / params.w));
  if (height > CLIENT_MAX_DIMENSION) throw new RangeError(`A width of ${width} needs a height of ${height}, over ${CLIENT_MAX_DIMENSION}`);
  return height;
}

/** The URL of one width of a fluid image: `w` set, `h` scaled to keep the aspect, `dpr` dropped. */
export function urlAtWidth(base: string, fileIdOrPath: string, params: RenderParams, width: number): string {
  return buildUrl(base, fileIdOrPath, { ...params, w: width, h: heightAt(params, width), dpr: undefined });
}

/**
 * A `srcset` value. With `widths`, each candidate renders that many pixels wide (the height follows the
 * aspect of `params.w`×`params.h` when both are set); with `dprs`, each candidate is `params` at that density.
 * @throws RangeError for an empty list or a value the server would refuse
 * @example srcset('https://img.example.com', 'f_abc', { w: 400, h: 300 }, { dprs: [1, 2] })
 *   // 'https://img.example.com/cdn/f_abc?w=400&h=300 1x, https://img.example.com/cdn/f_abc?w=400&h=300&dpr=2 2x'
 */
export function srcset(base: string, fileIdOrPath: string, params: RenderParams, options: SrcsetOptions): string {
  if ('widths' in options) {
    return sorted(options.widths, 'widths').map((width) => `${urlAtWidth(base, fileIdOrPath, params, width)} ${width}w`).join(', ');
  }
  return sorted(options.dprs, 'dprs').map((dpr) => `${buildUrl(base, fileIdOrPath, { ...params, dpr })} ${dpr}x`).join(', ');
}
