import { AppError, isAppError } from '../../errors/app-error.js';

/** How long a client should wait before retrying while the bucket is unreachable. */
export const STORAGE_RETRY_AFTER_SECONDS = 5;

// Node's socket errors: the endpoint is down, restarting or unreachable.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

interface SdkErrorShape {
  readonly name?: string;
  readonly code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $fault?: 'client' | 'server';
}

function shape(error: unknown): SdkErrorShape {
  return typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {};
}

/** True when the SDK reports that the object (or its key) does not exist. */
export function isS3NotFound(error: unknown): boolean {
  const { name, $metadata } = shape(error);
  return name === 'NoSuchKey' || name === 'NotFound' || ($metadata?.httpStatusCode === 404 && name !== 'NoSuchBucket');
}

/** True for a failure that retrying later can cure: the endpoint unreachable, timing out, or answering 5xx. */
export function isS3Unavailable(error: unknown): boolean {
  const { name, code, $metadata, $fault } = shape(error);
  if (code !== undefined && NETWORK_CODES.has(code)) return true;
  if (name === 'TimeoutError' || name === 'RequestTimeout' || name === 'SlowDown' || name === 'ServiceUnavailable') return true;
  const status = $metadata?.httpStatusCode;
  return (status !== undefined && status >= 500) || ($fault === 'server' && status === undefined);
}

/**
 * Turns an S3 failure into an AppError, keeping `cause`: `storage_unavailable` (503, Retry-After) when the
 * bucket cannot be reached, `internal_error` for anything else the SDK says (access denied, no such bucket:
 * a deployment fault, logged). Errors that are not the SDK's or the network's — a client's upload stream
 * failing — pass through unchanged for the caller to judge.
 */
export function wrapS3Error(error: unknown, action: string): unknown {
  if (isAppError(error)) return error;
  if (isS3Unavailable(error)) {
    return new AppError('storage_unavailable', `Could not ${action}: the object store is unreachable; retry in a few seconds`, {
      cause: error,
      details: { retryAfterSeconds: STORAGE_RETRY_AFTER_SECONDS },
    });
  }
  if (shape(error).$metadata !== undefined) return new AppError('internal_error', `Could not ${action}`, { cause: error });
  return error;
}
