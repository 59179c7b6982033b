// Pure builders of CDN URLs (SPEC §1). No DOM, so the same code runs in the page and in tests.

/** The aspects every preview row shows, as [label, width, height] ratios. */
export const PREVIEW_ASPECTS = Object.freeze([
  Object.freeze({ label: '1:1', w: 1, h: 1 }),
  Object.freeze({ label: '4:5', w: 4, h: 5 }),
  Object.freeze({ label: '16:9', w: 16, h: 9 }),
  Object.freeze({ label: '9:16', w: 9, h: 16 }),
]);

/** The gravities compared side by side on the file page (the crops plan's default rows). */
export const PREVIEW_GRAVITIES = Object.freeze(['focal', 'face', 'faces', 'smart', 'auto']);

/** Every gravity the URL builder offers (SPEC §1), in menu order. */
export const GRAVITIES = Object.freeze([
  'auto', 'smart', 'face', 'faces', 'entropy', 'focal', 'center',
  'north', 'northeast', 'east', 'southeast', 'south', 'southwest', 'west', 'northwest',
]);

export const FORMATS = Object.freeze(['auto', 'webp', 'avif', 'jpeg', 'png', 'gif']);
export const FITS = Object.freeze(['cover', 'contain', 'inside', 'fill', 'outside']);

/** Breakpoint widths the `w` variant of the srcset snippet adds below the requested width. */
export const SRCSET_WIDTHS = Object.freeze([320, 640, 960, 1280]);

/** The largest width or height the server renders (SPEC §1). */
export const MAX_DIMENSION = 8192;

/**
 * The widths of a `w`-descriptor srcset for a requested width: the breakpoints below it, the width
 * itself and twice it for 2x screens (within the server's limit), so the one asked for is exact.
 */
export function srcsetWidths(width) {
  const wanted = Math.round(Number(width));
  const widths = new Set(SRCSET_WIDTHS.filter((w) => w < wanted));
  widths.add(wanted);
  if (wanted * 2 <= MAX_DIMENSION) widths.add(wanted * 2);
  return [...widths].sort((a, b) => a - b);
}

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

/** Long side of the library's thumbnail renditions (a card is at most ~300 CSS px, at 2x on its short side). */
export const THUMBNAIL_SHORT_SIDE = 400;

/**
 * The library thumbnail: a small rendition of the whole image (its short side {@link THUMBNAIL_SHORT_SIDE}),
 * cropped square by CSS at the focal point. It does not depend on the point, so it renders, and is
 * charged, once; moving the point only moves the CSS crop.
 */
export function thumbnailPath(file) {
  const side = file.width >= file.height ? { h: THUMBNAIL_SHORT_SIDE } : { w: THUMBNAIL_SHORT_SIDE };
  const long = Math.max(file.width, file.height) * (THUMBNAIL_SHORT_SIDE / Math.min(file.width, file.height));
  // Never enlarged: a small original is shown whole at its own size.
  if (Math.min(file.width, file.height) <= THUMBNAIL_SHORT_SIDE || !Number.isFinite(long)) return cdnPath(file.id, { w: file.width, gravity: 'center' });
  return cdnPath(file.id, { ...side, gravity: 'center' });
}

/**
 * CSS `object-position` that centres a square cover crop of the whole image on `point` as far as the
 * image allows (the same rule as the server's focal window), in percent.
 */
export function squareCropPosition(file, point) {
  const { width, height } = file;
  const p = point ?? { x: 0.5, y: 0.5 };
  const side = Math.min(width, height);
  const offset = (size, at) => (size <= side ? 50 : (Math.min(Math.max(at * size - side / 2, 0), size - side) / (size - side)) * 100);
  return `${offset(width, p.x).toFixed(2)}% ${offset(height, p.y).toFixed(2)}%`;
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
 * The grid of crop previews is drawn in columns as wide as their aspects at one shared height:
 * the relative width of each column.
 */
export function previewColumns(aspects = PREVIEW_ASPECTS) {
  return aspects.map((aspect) => aspect.w / aspect.h);
}

/**
 * Where the image must sit inside a box showing `window` of it (all in source pixels): the size and
 * offset of the whole image in percent of the box, for a pure-CSS crop of one rendition.
 */
export function cropLayout(source, window) {
  return {
    width: (source.width / window.width) * 100,
    height: (source.height / window.height) * 100,
    left: (-window.x / window.width) * 100,
    top: (-window.y / window.height) * 100,
  };
}

/**
 * The parameters of the URL builder's form as CDN parameters. `fp` wins over `gravity`
 * (as on the server), so only one is written; defaults are left out.
 * @param {{ w?: number|string, h?: number|string, dpr?: number|string, fit?: string, gravity?: string,
 *   fp?: {x:number,y:number}|null, f?: string, q?: number|string, key?: string }} options
 */
export function builderParams(options) {
  // Sizes and quality go to the server as typed: its parser is the one judge of what is valid,
  // so the builder can show the server's own message for a bad value instead of quietly fixing it.
  const typed = (value) => {
    const text = value === undefined || value === null ? '' : String(value).trim();
    return text === '' ? undefined : text;
  };
  const dpr = Number(options.dpr);
  const params = {
    w: typed(options.w),
    h: typed(options.h),
    dpr: dpr > 1 ? String(dpr) : undefined,
    fit: options.fit && options.fit !== 'cover' ? options.fit : undefined,
    gravity: options.fp ? undefined : options.gravity || undefined,
    fp: options.fp ? formatFocalPoint(options.fp) : undefined,
    f: options.f || undefined,
    q: typed(options.q),
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
    const base = width ?? 640;
    const candidates = srcsetWidths(base).map((w) => `${url(sized(w))} ${w}w`);
    const sizes = escapeAttribute(options.sizes ?? `(max-width: ${base}px) 100vw, ${base}px`);
    return `<img src="${url(sized(base))}"\n     srcset="${candidates.join(',\n             ')}"\n     sizes="${sizes}"${sizeAttributes}\n     alt="${alt}" loading="lazy" decoding="async">`;
  }
  const one = url({ dpr: undefined });
  const two = url({ dpr: '2' });
  return `<img src="${one}"\n     srcset="${one} 1x, ${two} 2x"${sizeAttributes}\n     alt="${alt}" loading="lazy" decoding="async">`;
}
