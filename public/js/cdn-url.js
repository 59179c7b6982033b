// Pure builders of CDN URLs (SPEC §1). No DOM, so the same code runs in the page and in tests.

/** The aspects every preview row shows, as [label, width, height] ratios. */
export const PREVIEW_ASPECTS = Object.freeze([
  Object.freeze({ label: '1:1', w: 1, h: 1 }),
  Object.freeze({ label: '4:5', w: 4, h: 5 }),
  Object.freeze({ label: '16:9', w: 16, h: 9 }),
  Object.freeze({ label: '9:16', w: 9, h: 16 }),
]);

/** CSS pixels of height every preview is rendered at (and at 2× for sharp screens). */
export const PREVIEW_HEIGHT = 160;

/** The gravities compared side by side on the file page. */
export const PREVIEW_GRAVITIES = Object.freeze(['focal', 'face', 'smart', 'auto']);

/** Every gravity the URL builder offers (SPEC §1), in menu order. */
export const GRAVITIES = Object.freeze([
  'auto', 'smart', 'face', 'faces', 'entropy', 'focal', 'center',
  'north', 'northeast', 'east', 'southeast', 'south', 'southwest', 'west', 'northwest',
]);

export const FORMATS = Object.freeze(['auto', 'webp', 'avif', 'jpeg', 'png', 'gif']);
export const FITS = Object.freeze(['cover', 'contain', 'inside', 'fill', 'outside']);

/** Widths of the `w` variant of the srcset snippet. */
export const SRCSET_WIDTHS = Object.freeze([320, 640, 960, 1280]);

// The order parameters are written in, so equal settings always give the identical URL.
const PARAM_ORDER = ['w', 'h', 'dpr', 'fit', 'gravity', 'fp', 'f', 'q', 'v', 'key'];

/** A coordinate in [0,1] with at most 4 decimals (the server rounds to 4 too) and no trailing zeros. */
export function formatCoordinate(value) {
  const clamped = Math.min(1, Math.max(0, Number(value)));
  return String(Math.round(clamped * 10_000) / 10_000);
}

/** `x,y` for `fp=`, comma left unencoded as SPEC §1 writes it. */
export function formatFocalPoint(point) {
  return `${formatCoordinate(point.x)},${formatCoordinate(point.y)}`;
}

/**
 * `/cdn/{id}?…` with the given parameters in a fixed order; empty values are left out.
 * @param {string} fileId
 * @param {Record<string, string | number | undefined | null>} params
 */
export function cdnPath(fileId, params) {
  const names = [...PARAM_ORDER, ...Object.keys(params).filter((name) => !PARAM_ORDER.includes(name)).sort()];
  const pairs = [];
  for (const name of names) {
    const value = params[name];
    if (value === undefined || value === null || value === '') continue;
    const text = String(value);
    pairs.push(`${name}=${name === 'fp' ? text.split(',').map(encodeURIComponent).join(',') : encodeURIComponent(text)}`);
  }
  return `/cdn/${encodeURIComponent(fileId)}${pairs.length > 0 ? `?${pairs.join('&')}` : ''}`;
}

/** The library thumbnail: a 300×300 crop at the stored focal point, else by saliency. */
export function thumbnailPath(file) {
  const focal = file.focal;
  return focal
    ? cdnPath(file.id, { w: 300, h: 300, fp: formatFocalPoint(focal) })
    : cdnPath(file.id, { w: 300, h: 300, gravity: 'auto' });
}

/**
 * The picture shown on the file page: the whole image (no crop), at most `maxSide` pixels on its
 * longer side and never enlarged. It does not depend on the focal point, and says so with an
 * explicit gravity: without one the server treats the render as following the stored point
 * (revalidated, re-rendered after every focal change); with one it is cached for good.
 */
export function fullImagePath(file, maxSide = 1600) {
  const scale = Math.min(1, maxSide / Math.max(file.width, file.height));
  const params = file.width >= file.height
    ? { w: Math.max(1, Math.round(file.width * scale)) }
    : { h: Math.max(1, Math.round(file.height * scale)) };
  return cdnPath(file.id, { ...params, gravity: 'center' });
}

/**
 * The box a preview of `aspect` is drawn in: every preview of a row shares `height` CSS
 * pixels, so the aspects line up and compare at a glance.
 */
export function previewBox(aspect, height = PREVIEW_HEIGHT) {
  return { width: Math.round((height * aspect.w) / aspect.h), height };
}

/**
 * One preview: the crop of `aspect` chosen by `gravity`, rendered at 2× for sharp screens.
 * The focal row carries the file version, so moving the point makes a new URL.
 */
export function previewPath(file, gravity, aspect, height = PREVIEW_HEIGHT) {
  const box = previewBox(aspect, height);
  return cdnPath(file.id, {
    w: box.width,
    h: box.height,
    dpr: 2,
    gravity,
    v: gravity === 'focal' ? file.version : undefined,
  });
}

/**
 * The parameters of the URL builder's form as CDN parameters. `fp` wins over `gravity`
 * (as on the server), so only one is written.
 * @param {{ w?: number|string, h?: number|string, dpr?: number|string, fit?: string, gravity?: string,
 *   fp?: {x:number,y:number}|null, f?: string, q?: number|string, key?: string }} options
 */
export function builderParams(options) {
  const positive = (value) => (value === '' || value === undefined || value === null || !(Number(value) > 0) ? undefined : String(Math.round(Number(value))));
  const dpr = Number(options.dpr);
  const params = {
    w: positive(options.w),
    h: positive(options.h),
    dpr: dpr > 1 ? String(dpr) : undefined,
    fit: options.fit && options.fit !== 'cover' ? options.fit : undefined,
    gravity: options.fp ? undefined : options.gravity || undefined,
    fp: options.fp ? formatFocalPoint(options.fp) : undefined,
    f: options.f || undefined,
    q: positive(options.q),
    key: options.key ? options.key.trim() : undefined,
  };
  return params;
}

function escapeAttribute(text) {
  return String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * A ready `<img>` tag. `density`: the given size at 1x and 2x (`dpr`). `widths`: 320–1280 w
 * descriptors keeping the chosen aspect, with `sizes`. `urlFor(params)` turns the parameters of
 * one candidate into its absolute URL (plain, with a key, or signed).
 * @param {{ params: Record<string,string|undefined>, urlFor: (params: Record<string,string|undefined>) => string,
 *   mode: 'density'|'widths', alt?: string, sizes?: string }} options
 */
export function imgSnippet(options) {
  const { params } = options;
  const url = (extra) => escapeAttribute(options.urlFor({ ...params, ...extra }));
  const alt = escapeAttribute(options.alt ?? '');
  const width = params.w ? Number(params.w) : undefined;
  const height = params.h ? Number(params.h) : undefined;
  const sizeAttributes = `${width ? ` width="${width}"` : ''}${height ? ` height="${height}"` : ''}`;
  if (options.mode === 'widths') {
    const ratio = width && height ? height / width : undefined;
    const sized = (w) => ({ w: String(w), h: ratio ? String(Math.round(w * ratio)) : undefined, dpr: undefined });
    const candidates = SRCSET_WIDTHS.map((w) => `${url(sized(w))} ${w}w`);
    const sizes = escapeAttribute(options.sizes ?? '(max-width: 640px) 100vw, 640px');
    return `<img src="${url(sized(640))}"\n     srcset="${candidates.join(',\n             ')}"\n     sizes="${sizes}"${sizeAttributes}\n     alt="${alt}" loading="lazy" decoding="async">`;
  }
  const one = url({ dpr: undefined });
  const two = url({ dpr: '2' });
  return `<img src="${one}"\n     srcset="${one} 1x, ${two} 2x"${sizeAttributes}\n     alt="${alt}" loading="lazy" decoding="async">`;
}
