import { once } from 'node:events';
import { AppError } from '../errors/app-error.js';

/** The conventional name for standard input or output in place of a file. */
export const STANDARD_STREAM = '-';

/**
 * All of standard input as one buffer, refusing more than `maxBytes` (the upload limit) as it arrives.
 * @throws image_too_large past the limit; unsupported_image when nothing arrives
 */
export async function readStandardInput(input: AsyncIterable<Buffer | string>, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += bytes.length;
    if (total > maxBytes) throw new AppError('image_too_large', `Standard input is larger than ${maxBytes} bytes (MAX_UPLOAD_BYTES)`);
    chunks.push(bytes);
  }
  if (total === 0) throw new AppError('unsupported_image', 'Standard input is empty: pipe an image into it (convertly render - -o out.jpg < photo.jpg)');
  return Buffer.concat(chunks);
}

/**
 * Writes bytes to standard output and waits until they are handed to the OS (so the exit code follows them).
 * @throws invalid_parameter when standard output is a terminal: image bytes would garble it
 */
export async function writeStandardOutput(output: NodeJS.WritableStream & { isTTY?: boolean }, bytes: Uint8Array): Promise<void> {
  if (output.isTTY === true) {
    throw new AppError('invalid_parameter', 'Refusing to write image bytes to a terminal for -o -: redirect (> out.jpg) or pipe standard output');
  }
  if (!output.write(bytes)) await once(output, 'drain');
}
