import { AppError } from '../../errors/app-error.js';

/** The validators of stored bytes, sent as `If-None-Match` / `If-Modified-Since`. */
export interface Validators {
  readonly etag?: string | null | undefined;
  readonly lastModified?: string | null | undefined;
}

/** What an origin answered for one path: new bytes with their validators, or "still the same". */
export type OriginAnswer =
  | { readonly kind: 'fresh'; readonly bytes: Buffer; readonly etag: string | null; readonly lastModified: string | null }
  | { readonly kind: 'not_modified' };

/** The limits of one fetch. */
export interface FetchLimits {
  readonly maxBytes: number;
  readonly connectTimeoutMs: number;
  readonly timeoutMs: number;
}

/** A read-only origin: a web folder or an S3 bucket, asked for one object path at a time. */
export interface Origin {
  /**
   * @throws not_found (the origin has no such object), origin_unavailable (5xx, timeout, unreachable),
   * image_too_large (over the byte limit), unsupported_image (the origin says it is not an image), forbidden (a refused address)
   */
  get(path: string, validators?: Validators): Promise<OriginAnswer>;
}

export function originNotFound(where: string): AppError {
  return new AppError('not_found', `The source has no image at ${where}`);
}

export function originUnavailable(why: string, cause?: unknown): AppError {
  return new AppError('origin_unavailable', `The source's origin could not be read: ${why}; try again later`, cause === undefined ? {} : { cause });
}

export function originTooLarge(maxBytes: number): AppError {
  return new AppError('image_too_large', `The original at the source is larger than this server accepts (${maxBytes} bytes)`);
}

export function notAnImageAtOrigin(contentType: string): AppError {
  return new AppError('unsupported_image', `The source answered ${contentType}, not an image`);
}
