/**
 * `convertly/client` for browsers (the `browser` export condition): URLs, srcsets, `<img>` attributes
 * and placeholders, with no Node built-in. Signing is left out on purpose: it needs the secret, which
 * belongs on a server (`buildSignedUrl`, `signUrl` from `convertly/client` in Node).
 */
export { buildUrl } from './build-url.js';
export { srcset, urlAtWidth, heightAt, DEFAULT_WIDTHS, DEFAULT_DPRS, type SrcsetOptions } from './srcset.js';
export { imgAttributes, type ImgAttributes, type ImgAttributesOptions, type KnownImage } from './img-attributes.js';
export { thumbHashDataUrl } from './thumbhash-data-url.js';
export {
  CLIENT_CROPS,
  CLIENT_FITS,
  CLIENT_FORMATS,
  CLIENT_GRAVITIES,
  CLIENT_MAX_DIMENSION,
  CLIENT_MAX_DPR,
  type FocalPointParam,
  type RenderParams,
} from './render-params.js';
