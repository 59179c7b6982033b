import { buildUrl } from './build-url.js';
import type { RenderParams } from './render-params.js';
import { DEFAULT_DPRS, DEFAULT_WIDTHS, srcset, urlAtWidth } from './srcset.js';
import { thumbHashDataUrl } from './thumbhash-data-url.js';

/** What the client needs of an analysis (or of a file record): its size, and its ThumbHash when known. */
export interface KnownImage {
  readonly width: number;
  readonly height: number;
  readonly placeholder?: string | undefined;
}

export interface ImgAttributesOptions {
  /** Where Convertly is served, or `''` for relative URLs. */
  readonly base: string;
  /** A file id (`f_…`) or a render path. */
  readonly file: string;
  /** The render: `w`/`h` are the CSS size on the page. */
  readonly params?: RenderParams;
  /** For a fluid image: the `sizes` attribute; the srcset then lists `widths` (else densities `dprs`). */
  readonly sizes?: string;
  readonly widths?: readonly number[];
  readonly dprs?: readonly number[];
  /** The file's analysis (`GET /api/files/{id}` → `analysis`, or `POST /api/images/analyze`). */
  readonly analysis?: KnownImage | null;
}

/** Attributes for `<img>` (spread them, or set them one by one); `placeholder` is for a background while it loads. */
export interface ImgAttributes {
  readonly src: string;
  readonly srcset: string;
  readonly sizes?: string;
  readonly width?: number;
  readonly height?: number;
  /** A PNG data URL of the ThumbHash, when the analysis is known. */
  readonly placeholder?: string;
}

/** The CSS size the render will have, when it can be known without fetching it. */
function displaySize(params: RenderParams, source: KnownImage | null | undefined): { width?: number; height?: number } {
  const { w, h, fit = 'cover' } = params;
  if (w !== undefined && h !== undefined) {
    if (fit === 'cover' || fit === 'fill' || fit === 'contain') return { width: w, height: h };
    if (!source) return {};
    // inside shrinks to fit the box, outside grows to cover it; both keep the source's aspect.
    const scale = (fit === 'inside' ? Math.min : Math.max)(w / source.width, h / source.height);
    return { width: Math.round(source.width * scale), height: Math.round(source.height * scale) };
  }
  if (!source) return w !== undefined ? { width: w } : h !== undefined ? { height: h } : {};
  if (w !== undefined) return { width: w, height: Math.max(1, Math.round((w * source.height) / source.width)) };
  if (h !== undefined) return { width: Math.max(1, Math.round((h * source.width) / source.height)), height: h };
  return { width: source.width, height: source.height };
}

/**
 * `src`, `srcset`, `sizes`, `width`, `height` and a ThumbHash placeholder for an `<img>`. With `sizes` the
 * image is fluid (width descriptors up to the largest of `widths`); without, it is fixed (`1x`, `2x`).
 * `width`/`height` reserve the space (no layout shift) and are omitted only when they cannot be known.
 * @throws RangeError when a parameter or a candidate width is out of the server's range
 * @example imgAttributes({ base: 'https://img.example.com', file: 'f_abc', params: { w: 400, h: 300, gravity: 'face' }, analysis })
 */
export function imgAttributes(options: ImgAttributesOptions): ImgAttributes {
  const { base, file, params = {}, analysis } = options;
  const size = displaySize(params, analysis);
  let attributes: ImgAttributes;
  if (options.sizes !== undefined) {
    const widths = options.widths ?? DEFAULT_WIDTHS;
    const largest = Math.max(...widths);
    attributes = {
      src: urlAtWidth(base, file, params, largest),
      srcset: srcset(base, file, params, { widths }),
      sizes: options.sizes,
    };
  } else {
    attributes = { src: buildUrl(base, file, params), srcset: srcset(base, file, params, { dprs: options.dprs ?? DEFAULT_DPRS }) };
  }
  const placeholder = analysis?.placeholder ? thumbHashDataUrl(analysis.placeholder) : undefined;
  return {
    ...attributes,
    ...(size.width === undefined ? {} : { width: size.width }),
    ...(size.height === undefined ? {} : { height: size.height }),
    ...(placeholder === undefined ? {} : { placeholder }),
  };
}
