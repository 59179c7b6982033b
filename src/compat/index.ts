/** Migration from imgix and Cloudinary: pure translation of their URLs into Convertly CDN parameters. */
export { translateImgixQuery, translateImgixToSpec } from './imgix-query.js';
export { imgixFileId, type ImgixFileId } from './imgix-file-id.js';
export {
  translateCloudinaryToSpec,
  translateCloudinaryTransformations,
  type CloudinaryTranslateOptions,
} from './cloudinary-transform.js';
export { splitCloudinaryPath, type CloudinaryPath } from './cloudinary-path.js';
export { translateUrl, hostDialect, looksLikeFileId, DIALECTS, type Dialect, type TranslateUrlOptions, type UrlTranslation } from './translate-url.js';
export { formatConvertlyPath } from './convertly-query.js';
export type { ConvertlyTranslation, SourceSize, SpecTranslation, TranslateOptions, UnsupportedParam } from './translation.js';
