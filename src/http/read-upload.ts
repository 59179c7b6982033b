import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';

/** SPEC §3: on the upload paths, any body that is not an accepted image is unsupported_image. */
export function notAnImage(): AppError {
  return new AppError(
    'unsupported_image',
    'Only images are accepted (JPEG, PNG, WebP, AVIF, GIF, TIFF): send multipart/form-data with the field "file", or the raw image with its own content type',
  );
}

export interface Upload {
  readonly name: string | undefined;
  readonly bytes: Buffer;
}

/** True when the request carries an image to read (multipart or a raw image body), rather than JSON. */
export function isUploadRequest(request: FastifyRequest): boolean {
  return request.isMultipart() || Buffer.isBuffer(request.body);
}

/**
 * Reads an uploaded image: the multipart field `file`, or a raw body sent with an image content type.
 * @throws invalid_request without a file; image_too_large over the upload limit
 */
export async function readUpload(request: FastifyRequest, maxUploadBytes: number): Promise<Upload> {
  if (request.isMultipart()) {
    try {
      const part = await request.file({ limits: { fileSize: maxUploadBytes, files: 1 } });
      if (part === undefined) throw new AppError('invalid_request', 'The multipart body has no file; send the image in the field "file"');
      if (part.fieldname !== 'file') throw new AppError('invalid_request', `Send the image in the multipart field "file", not "${part.fieldname}"`);
      const bytes = await part.toBuffer();
      return { name: part.filename, bytes };
    } catch (error) {
      throw malformedMultipart(error);
    }
  }
  if (Buffer.isBuffer(request.body)) {
    const query = request.query as Record<string, unknown>;
    return { name: typeof query.name === 'string' ? query.name : undefined, bytes: request.body };
  }
  throw notAnImage();
}

/**
 * busboy's parse errors (no boundary, a body cut short, a broken part header) are the client's
 * doing, not bugs; ours and the multipart plugin's coded errors (FST_…, such as the size limit) pass through.
 */
function malformedMultipart(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('FST_')) return error;
  return new AppError('invalid_request', 'The multipart body is malformed or cut short; send the image in the field "file" of a complete multipart/form-data body', { cause: error });
}
