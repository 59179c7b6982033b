import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isAppError, type ErrorCode } from '../../errors/app-error.js';
import { isStorageFull, storageFull } from '../../storage/index.js';

/** Fastify's and its plugins' own error codes, mapped onto the public catalogue (SPEC §6). */
const FASTIFY_CODES: Readonly<Record<string, { code: ErrorCode; message?: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: 'The request body is larger than this server accepts' },
  FST_REQ_FILE_TOO_LARGE: { code: 'image_too_large', message: 'The upload is larger than this server accepts' },
  FST_FILES_LIMIT: { code: 'invalid_request', message: 'Send one file per request' },
  FST_PARTS_LIMIT: { code: 'invalid_request', message: 'The multipart body has too many parts' },
  FST_FIELDS_LIMIT: { code: 'invalid_request', message: 'The multipart body has too many fields' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { code: 'invalid_request', message: 'The request is not multipart/form-data' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_request', message: 'The JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_request', message: 'The body is not valid JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'invalid_request', message: 'Content-Length does not match the body' },
  FST_ERR_VALIDATION: { code: 'invalid_request' },
  FST_PROTO_VIOLATION: { code: 'invalid_request', message: 'The JSON body uses a forbidden property name' },
  FST_ERR_BAD_URL: { code: 'invalid_request', message: 'The URL is malformed' },
  // Every route parameter is an id, and no id is that long.
  FST_ERR_MAX_PARAM_LENGTH: { code: 'not_found', message: 'No such resource: the id in the URL is too long' },
};

/** A raw upload's body is the image itself, so over the byte limit it is too large an image (SPEC §3), as for multipart. */
function isRawUpload(request: FastifyRequest): boolean {
  const type = request.headers['content-type'] ?? '';
  return /^\s*(image\/|application\/octet-stream\b)/i.test(type);
}

/** Turns any error into an AppError: ours as they are, Fastify's by code, anything else an internal error. */
export function toAppError(error: unknown): AppError {
  // A full disk or database is storage_full wherever it surfaces, wrapped or not (SQLite's SQLITE_FULL, ENOSPC).
  if (isStorageFull(error)) return isAppError(error) && error.code === 'storage_full' ? error : storageFull('save this', error);
  if (isAppError(error)) return error;
  const fastifyError = error as Partial<FastifyError> & { status?: number };
  const known = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (known) return new AppError(known.code, known.message ?? fastifyError.message ?? 'Bad request', { cause: error });
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    return new AppError('invalid_request', 'The body is not valid JSON', { cause: error });
  }
  const status = fastifyError.statusCode ?? fastifyError.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError(status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'invalid_request', fastifyError.message ?? 'Bad request', { cause: error });
  }
  return new AppError('internal_error', 'Something went wrong on our side; it has been logged', { cause: error });
}

/** Sends any error as `{"error":{"code","message"}}` with the right status; 5xx are logged with the request id. */
export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  let appError = toAppError(error);
  if (appError.code === 'payload_too_large' && isRawUpload(request)) {
    appError = new AppError('image_too_large', 'The upload is larger than this server accepts', { cause: error });
  }
  if (appError.status >= 500) {
    request.log.error({ err: appError.cause ?? appError, code: appError.code }, 'request failed');
  } else {
    request.log.info({ code: appError.code, message: appError.message }, 'request refused');
  }
  const body = appError.status >= 500 && appError.code === 'internal_error'
    ? { error: { code: appError.code, message: `Something went wrong on our side; it has been logged with request id ${request.id}` } }
    : appError.toJSON();
  const retryAfter = appError.details?.retryAfterSeconds;
  if (typeof retryAfter === 'number' && !reply.hasHeader('retry-after')) void reply.header('retry-after', String(retryAfter));
  void reply.status(appError.status).header('cache-control', 'no-store').send(body);
}

/** One handler turns every error into the JSON body; pass `sendError` as Fastify's `frameworkErrors` too (bad URLs never reach it). */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(sendError);
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).header('cache-control', 'no-store').send(new AppError('not_found', `No route ${request.method} ${request.url.split('?')[0]}`).toJSON());
  });
}
