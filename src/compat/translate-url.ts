import { AppError, invalidParameter, isAppError } from '../errors/app-error.js';
import type { RawQuery } from '../params/query-values.js';
import { splitCloudinaryPath } from './cloudinary-path.js';
import { translateCloudinaryTransformations } from './cloudinary-transform.js';
import { formatConvertlyPath, formatSourcePath } from './convertly-query.js';
import { imgixFileId } from './imgix-file-id.js';
import { translateImgixQuery } from './imgix-query.js';
import type { ConvertlyTranslation, TranslateOptions, UnsupportedParam } from './translation.js';

/** The URL dialects {@link translateUrl} reads. */
export const DIALECTS = ['imgix', 'cloudinary'] as const;
export type Dialect = (typeof DIALECTS)[number];

/** Options for {@link translateUrl}: force a dialect for custom domains, pass the source size when known. */
export interface TranslateUrlOptions extends TranslateOptions {
  readonly dialect?: Dialect;
  /**
   * Address the image by its path in this source (`/src/{source}/{path}`) instead of by file id: an added source
   * (a web folder or bucket holding the same paths) or `uploads` (files uploaded with `?path=`).
   */
  readonly source?: string;
  /**
   * Without `source`: the source to address an image by path in when its name is no Convertly file id
   * (`/cdn/hero` could never be found), `uploads` for `convertly migrate-url` and the API. Absent, every
   * name is taken for a file id.
   */
  readonly pathSource?: string;
}

/** Names Convertly gives uploads (`f_` and 20 characters); any other name is an image's own. */
const CONVERTLY_FILE_ID = /^f_[A-Za-z0-9_-]{1,62}$/;

/** True when an imgix or Cloudinary name reads as a Convertly file id (`f_…`) rather than the image's own name. */
export function looksLikeFileId(name: string): boolean {
  return CONVERTLY_FILE_ID.test(name);
}

/** A translated URL, or why it could not be translated (always an `invalid_parameter` AppError). */
export type UrlTranslation =
  | {
      readonly ok: true;
      readonly dialect: Dialect;
      readonly convertlyPath: string;
      readonly query: Readonly<Record<string, string>>;
      readonly fileId: string;
      /** The image's path (imgix: the URL path; Cloudinary: the public id with its extension). */
      readonly path: string;
      /** Where the Convertly URL names the image: by file id (`/cdn/`) or by path in a source (`/src/`). */
      readonly addressedBy: 'file-id' | 'path';
      readonly notes: readonly string[];
      readonly unsupported: readonly UnsupportedParam[];
      readonly needsSourceSize: boolean;
    }
  | { readonly ok: false; readonly reason: string; readonly error: AppError };

const EXPECTED_URL =
  'an imgix URL (https://….imgix.net/path) or a Cloudinary delivery URL (https://res.cloudinary.com/cloud/image/upload/…/publicId)';
const CLOUDINARY_DELIVERY = /^(?:\/[^/]+)?\/(image|video|raw)\/([a-z_]+)\/(.*)$/;
const CLOUDINARY_TYPES = ['upload', 'private', 'authenticated'] as const;

function parseUrl(url: string): URL {
  try {
    // Paths without a host are accepted so the HTTP layer can pass its own request path with a dialect.
    return url.startsWith('/') ? new URL(url, 'http://localhost') : new URL(url);
  } catch {
    throw invalidParameter('url', EXPECTED_URL, url);
  }
}

/** The dialect a host speaks by its name alone (imgix's and Cloudinary's own hosts), or null for any other host. */
export function hostDialect(hostname: string): 'imgix' | 'cloudinary' | null {
  const host = hostname.toLowerCase();
  if (host.endsWith('.imgix.net')) return 'imgix';
  if (host === 'res.cloudinary.com' || host.endsWith('-res.cloudinary.com')) return 'cloudinary';
  return null;
}

function detectDialect(url: URL, raw: string): Dialect {
  const dialect = hostDialect(url.hostname);
  if (dialect !== null) return dialect;
  throw invalidParameter('url', `${EXPECTED_URL}; for a custom domain name the dialect`, raw);
}

function rawQuery(url: URL): RawQuery {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    query[name] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return query;
}

function imgixFileIdOf(url: URL, raw: string): string {
  const found = imgixFileId(url.pathname);
  if (!found.ok) throw invalidParameter('url', 'an imgix URL with a file path', raw);
  return found.fileId;
}

/** The object path of an imgix URL: its whole path, decoded. */
function imgixPathOf(url: URL, raw: string): string {
  try {
    return decodeURIComponent(url.pathname.replace(/^\/+/, ''));
  } catch {
    throw invalidParameter('url', 'an imgix URL with a valid percent-encoded path', raw);
  }
}

function translateCloudinaryUrl(
  url: URL,
  raw: string,
  options: TranslateUrlOptions,
): { fileId: string; path: string; translation: ConvertlyTranslation } {
  const match = CLOUDINARY_DELIVERY.exec(url.pathname);
  if (match === null) throw invalidParameter('url', EXPECTED_URL, raw);
  const [, resource = '', type = '', rest = ''] = match;
  if (resource !== 'image' || !(CLOUDINARY_TYPES as readonly string[]).includes(type)) {
    throw invalidParameter('url', `a Cloudinary image delivery URL of type ${CLOUDINARY_TYPES.join(', ')}`, `${resource}/${type}`);
  }
  const parts = splitCloudinaryPath(rest);
  if (parts === null) throw invalidParameter('url', 'a Cloudinary URL with a public id after the transformations', raw);
  const translation = translateCloudinaryTransformations(parts.transformations, {
    ...(options.sourceSize === undefined ? {} : { sourceSize: options.sourceSize }),
    ...(parts.extension === undefined ? {} : { extension: parts.extension }),
  });
  // The delivery name, extension included, is the path a migrated upload (or a fetched original) lives at.
  return { fileId: parts.publicId, path: parts.extension === undefined ? parts.publicId : `${parts.publicId}.${parts.extension}`, translation };
}

function translateOrThrow(raw: string, options: TranslateUrlOptions): Extract<UrlTranslation, { ok: true }> {
  const url = parseUrl(raw);
  const dialect = options.dialect ?? detectDialect(url, raw);
  const { fileId, path, translation } =
    dialect === 'imgix'
      ? { fileId: imgixFileIdOf(url, raw), path: imgixPathOf(url, raw), translation: translateImgixQuery(rawQuery(url), options) }
      : translateCloudinaryUrl(url, raw, options);
  // Cloudinary's SDK analytics stamp (`_a`) is noise; any other query on a Cloudinary URL is not part of its grammar.
  const strayQuery = dialect === 'cloudinary' ? [...new Set(url.searchParams.keys())].filter((name) => name !== '_a') : [];
  const notes = [...translation.notes];
  if (strayQuery.length > 0) notes.push(`Query parameters ${strayQuery.join(', ')} ignored: Cloudinary reads transformations from the path.`);
  const byPath = options.source ?? (options.pathSource !== undefined && !looksLikeFileId(fileId) ? options.pathSource : undefined);
  if (options.source === undefined && byPath !== undefined) {
    notes.push(
      `${fileId} is not a Convertly file id (f_…), so /cdn/${fileId} could never be found: the image is addressed by its path instead, ` +
        `which serves the upload stored with ?path=${path} (name a source to address it in one you added).`,
    );
  }
  return {
    ok: true,
    dialect,
    convertlyPath: byPath === undefined ? formatConvertlyPath(fileId, translation.query) : formatSourcePath(byPath, path, translation.query),
    query: translation.query,
    fileId,
    path,
    addressedBy: byPath === undefined ? 'file-id' : 'path',
    notes,
    unsupported: translation.unsupported,
    needsSourceSize: translation.needsSourceSize,
  };
}

/**
 * Rewrites an imgix or Cloudinary URL as a Convertly `/cdn/{fileId}?…` path, for `convertly migrate-url` and the API.
 * Never throws for bad input: failures come back as `{ ok: false }` with the `invalid_parameter` AppError.
 */
export function translateUrl(url: string, options: TranslateUrlOptions = {}): UrlTranslation {
  try {
    return translateOrThrow(url, options);
  } catch (error) {
    if (isAppError(error)) return { ok: false, reason: error.message, error };
    throw error;
  }
}
