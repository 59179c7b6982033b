// Requests a foreign URL from the compat routes and its native /cdn/ equivalent, and checks they are one rendition.
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { formatConvertlyPath } from '../../src/compat/index.js';
import type { CompatServer } from './compat-server.js';

export interface Window {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Rendered {
  readonly width: number;
  readonly height: number;
  readonly format: string | undefined;
  readonly contentType: string | null;
  readonly window: Window;
  readonly focus: string | null;
  readonly headers: Headers;
}

/** The error body of a failed render, for assertion messages. */
async function explain(response: Response): Promise<string> {
  return `${response.status} ${await response.text()}`;
}

/** `X-Convertly-Window` as numbers. */
export function parseWindow(header: string | null): Window {
  const [x, y, width, height] = (header ?? '').split(',').map(Number);
  assert.ok([x, y, width, height].every((value) => Number.isInteger(value)), `X-Convertly-Window ${String(header)}`);
  return { x: x ?? 0, y: y ?? 0, width: width ?? 0, height: height ?? 0 };
}

/**
 * Renders `compatPath`, then the native `/cdn/{fileId}?{query}` with the same Accept header, and asserts both are the
 * same cache entry: same ETag, Content-Type, window, focus and bytes, the native one a cache hit.
 */
export async function assertSameAsNative(
  server: CompatServer,
  request: { compatPath: string; fileId: string; query: Readonly<Record<string, string>>; accept?: string },
): Promise<Rendered> {
  const headers: Record<string, string> = request.accept === undefined ? {} : { accept: request.accept };
  const compat = await server.fetch(request.compatPath, { headers });
  assert.equal(compat.status, 200, `${request.compatPath}: ${compat.status === 200 ? '' : await explain(compat)}`);
  const compatBytes = Buffer.from(await compat.arrayBuffer());
  const nativePath = formatConvertlyPath(request.fileId, request.query);
  const native = await server.fetch(nativePath, { headers });
  assert.equal(native.status, 200, `${nativePath}: ${native.status === 200 ? '' : await explain(native)}`);
  const nativeBytes = Buffer.from(await native.arrayBuffer());
  for (const name of ['etag', 'content-type', 'x-convertly-window', 'x-convertly-focus', 'cache-control', 'vary']) {
    assert.equal(compat.headers.get(name), native.headers.get(name), `${name}: ${request.compatPath} vs ${nativePath}`);
  }
  assert.equal(native.headers.get('x-convertly-cache'), 'hit', `${nativePath} should hit the entry ${request.compatPath} rendered`);
  assert.ok(compatBytes.equals(nativeBytes), `${request.compatPath} and ${nativePath} differ in bytes`);
  const meta = await sharp(compatBytes).metadata();
  return {
    width: meta.width ?? 0,
    height: meta.height ?? 0,
    format: meta.format,
    contentType: compat.headers.get('content-type'),
    window: parseWindow(compat.headers.get('x-convertly-window')),
    focus: compat.headers.get('x-convertly-focus'),
    headers: compat.headers,
  };
}

/** Asserts a JSON error response: status, code, and a message that names `name`. */
export async function assertError(response: Response, status: number, code: string, name?: string | RegExp): Promise<string> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  const body = JSON.parse(text) as { error: { code: string; message: string } };
  assert.equal(body.error.code, code, text);
  if (typeof name === 'string') assert.ok(body.error.message.includes(name), `"${body.error.message}" should name ${name}`);
  else if (name !== undefined) assert.match(body.error.message, name);
  return body.error.message;
}
