import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { AppError } from '../errors/app-error.js';

/** Headers every answer carries, Fastify's, the hit path's and these raw ones alike. */
export const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff' } as const;

/** Node's HTTP parser errors, mapped onto the house error shape (SPEC §6): they never reach Fastify's error handler. */
function clientError(error: NodeJS.ErrnoException): AppError {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return new AppError('headers_too_large', 'The request line or headers are larger than this server accepts (16 KB); send a shorter URL or fewer cookies');
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return new AppError('request_timeout', 'The request was not received in time');
  }
  return new AppError('invalid_request', 'The request is not valid HTTP (a raw control character, unencoded non-ASCII byte or bare CR in the request line or a header)');
}

/**
 * Fastify's `clientErrorHandler`: a request Node's parser refuses (too long, NUL, raw UTF-8, bare CR) is
 * answered `{error:{code,message}}` with its status on the raw socket, then the connection is closed.
 */
export function handleClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const appError = clientError(error);
    const body = JSON.stringify(appError.toJSON());
    const headers = [
      `HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status] ?? ''}`,
      'content-type: application/json; charset=utf-8',
      `content-length: ${Buffer.byteLength(body)}`,
      'cache-control: no-store',
      ...Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}`),
      'connection: close',
    ];
    socket.write(`${headers.join('\r\n')}\r\n\r\n${body}`);
  }
  socket.destroy(error);
}
