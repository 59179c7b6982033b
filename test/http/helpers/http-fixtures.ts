// Request bodies and response checks shared by the HTTP suites.
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { sampleBytes } from '../../fixtures/photos.js';
import type { TestServer } from './test-server.js';

export { pngDeclaring } from '../../fixtures/engine-images.js';
export { sampleBytes } from '../../fixtures/photos.js';

/** A multipart/form-data body with one file part, built by hand so inject() can send it. */
export function multipartBody(
  bytes: Buffer,
  options: { field?: string; filename?: string; contentType?: string; boundary?: string } = {},
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = options.boundary ?? '----convertly-test-boundary-7e3f';
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="${options.field ?? 'file'}"; filename="${options.filename ?? 'photo.jpg'}"\r\n` +
    `Content-Type: ${options.contentType ?? 'image/jpeg'}\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head, 'latin1'), bytes, Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1')]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The file record the API returns. */
export interface FileJson {
  readonly id: string;
  readonly name: string;
  readonly format: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  readonly createdAt: string;
  readonly version: number;
  readonly focal: { x: number; y: number } | null;
  readonly analysis: unknown;
}

/** Uploads through inject() as multipart; asserts 201 and returns the record. */
export async function uploadViaInject(server: TestServer, bytes: Buffer, filename = 'photo.jpg', contentType = 'image/jpeg'): Promise<FileJson> {
  const { payload, headers } = multipartBody(bytes, { filename, contentType });
  const response = await server.inject({ method: 'POST', url: '/api/files', payload, headers });
  assert.equal(response.statusCode, 201, response.body);
  return response.json<FileJson>();
}

/** Uploads over the socket as multipart (FormData); asserts 201 and returns the record. */
export async function uploadViaFetch(server: TestServer, bytes: Buffer, filename = 'photo.jpg', query = ''): Promise<FileJson> {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'image/jpeg' }), filename);
  const response = await server.fetch(`/api/files${query}`, { method: 'POST', body: form });
  const text = await response.text();
  assert.equal(response.status, 201, text);
  return JSON.parse(text) as FileJson;
}

/** An answer read whole: status, headers and the body's bytes. */
export interface BytesAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Buffer;
}

/** fetch() through the test server (with its credentials), the body read whole. */
export async function fetchBytes(server: TestServer, path: string, init?: RequestInit): Promise<BytesAnswer> {
  const response = await server.fetch(path, init);
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

/** The `error` of a house error body. */
export function errorOf(body: Buffer | string): { code: string; message: string } {
  return (JSON.parse(body.toString()) as { error: { code: string; message: string } }).error;
}

/**
 * Asserts the SPEC §6 error shape: exactly `{"error":{"code","message"}}`, the status, the code,
 * a sentence-like message, and optionally a pattern the message must match (the parameter name).
 */
export function assertError(response: LightMyRequestResponse, status: number, code: string, messagePattern?: RegExp, label = ''): void {
  const body = String(response.headers['content-type']).startsWith('image/') ? `<${response.rawPayload.length} image bytes>` : response.body.slice(0, 300);
  const context = `${label ? `${label}: ` : ''}${response.statusCode} ${body}`;
  assert.equal(response.statusCode, status, context);
  assert.match(String(response.headers['content-type']), /^application\/json/, context);
  const json = response.json<{ error: { code: string; message: string } }>();
  assert.deepEqual(Object.keys(json), ['error'], context);
  assert.deepEqual(Object.keys(json.error).sort(), ['code', 'message'], context);
  assert.equal(json.error.code, code, context);
  assert.equal(typeof json.error.message, 'string');
  assert.ok(json.error.message.length >= 6, `the message is not a sentence: ${context}`);
  if (messagePattern) assert.match(json.error.message, messagePattern, context);
}

/** A 640×480 JPEG photo crop (a real photograph, but small enough to render fast). */
export function smallPhoto(sample = 1, width = 640): Promise<Buffer> {
  return sharp(sampleBytes(sample)).resize({ width }).jpeg({ quality: 85 }).toBuffer();
}

/** A 300×200 PNG with a transparent left half. */
export function pngWithAlpha(): Promise<Buffer> {
  const half = { width: 150, height: 200, channels: 4 as const };
  return sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 40, g: 120, b: 200, alpha: 1 } } })
    .composite([{ input: { create: { ...half, background: { r: 0, g: 0, b: 0, alpha: 0 } } }, left: 0, top: 0, blend: 'dest-out' }])
    .png()
    .toBuffer();
}

/** Decodes an image and returns its format and size. */
export async function imageInfo(bytes: Buffer | ArrayBuffer): Promise<{ format: string; width: number; height: number }> {
  const meta = await sharp(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes)).metadata();
  return { format: meta.format, width: meta.width ?? 0, height: meta.height ?? 0 };
}
