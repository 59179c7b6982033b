import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';

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
    const part = await request.file({ limits: { fileSize: maxUploadBytes, files: 1 } });
    if (part === undefined) throw new AppError('invalid_request', 'The multipart body has no file; send the image in the field "file"');
    if (part.fieldname !== 'file') throw new AppError('invalid_request', `Send the image in the multipart field "file", not "${part.fieldname}"`);
    const bytes = await part.toBuffer();
    return { name: part.filename, bytes };
  }
  if (Buffer.isBuffer(request.body)) {
    const query = request.query as Record<string, unknown>;
    return { name: typeof query.name === 'string' ? query.name : undefined, bytes: request.body };
  }
  throw new AppError('unsupported_media_type', 'Send the image as multipart/form-data (field "file") or as a raw body with its image content type');
}
