// Issue 12, items 5 and 6: requests Node's HTTP parser refuses, and the headers every answer carries.
// Raw sockets, because fetch() will not send a NUL, a bare CR or a request without Host.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { before, describe, it } from 'node:test';
import { buildTestApp, suiteScope, type TestApp } from '../helpers/build-test-app.js';
import { smallPhoto, uploadViaInject } from '../http/helpers/http-fixtures.js';

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Sends `request` as bytes and reads until the server closes or the answer is complete. */
function rawRequest(url: string, request: Buffer | string): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const finish = () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      let body = rest.join('\r\n\r\n');
      const length = Number(headers['content-length'] ?? body.length);
      body = body.slice(0, length);
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    };
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const length = /content-length:\s*(\d+)/i.exec(text)?.[1];
      if (end !== -1 && length !== undefined && text.length >= end + 4 + Number(length)) {
        socket.end();
        finish();
      }
    });
    socket.on('end', finish);
    socket.on('error', reject);
    socket.write(request);
  });
}

function assertHouseError(answer: RawAnswer, status: number, code: string): void {
  assert.equal(answer.status, status, answer.body);
  const parsed = JSON.parse(answer.body) as { error?: { code?: unknown; message?: unknown } };
  assert.equal(parsed.error?.code, code);
  assert.equal(typeof parsed.error?.message, 'string');
  assert.equal(answer.headers['x-content-type-options'], 'nosniff');
}

describe('protocol errors in the house shape', () => {
  const scope = suiteScope();
  let app: TestApp;
  before(async () => {
    app = await buildTestApp(scope, { listen: true, workerThreads: 0, env: { METRICS_TOKEN: 'metrics-secret-123' } });
  });

  it('a URL over 16 KB is 431 headers_too_large', async () => {
    const answer = await rawRequest(app.url, `GET /cdn/f_x?junk=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: a\r\n\r\n`);
    assertHouseError(answer, 431, 'headers_too_large');
  });

  it('a header over 16 KB is 431 headers_too_large', async () => {
    const answer = await rawRequest(app.url, `GET /healthz HTTP/1.1\r\nHost: a\r\nCookie: ${'b'.repeat(20_000)}\r\n\r\n`);
    assertHouseError(answer, 431, 'headers_too_large');
  });

  for (const [label, request] of [
    ['a raw NUL in the path', Buffer.from('GET /cdn/f_\u0000x HTTP/1.1\r\nHost: a\r\n\r\n', 'latin1')],
    ['raw UTF-8 in the path', Buffer.concat([Buffer.from('GET /cdn/f_'), Buffer.from('é☃', 'utf8'), Buffer.from(' HTTP/1.1\r\nHost: a\r\n\r\n')])],
    ['a bare CR in a header', 'GET /healthz HTTP/1.1\r\nHost: a\rX-Evil: 1\r\n\r\n'],
    ['a NUL in a header value', Buffer.from('GET /healthz HTTP/1.1\r\nHost: a\r\nX-A: b\u0000c\r\n\r\n', 'latin1')],
    ['garbage instead of a request line', 'HELLO\r\n\r\n'],
    ['an HTTP/1.1 request with no Host', 'GET /healthz HTTP/1.1\r\n\r\n'],
  ] as const) {
    it(`${label} is 400 invalid_request`, async () => {
      assertHouseError(await rawRequest(app.url, request), 400, 'invalid_request');
    });
  }

  it('an HTTP/1.0 request needs no Host', async () => {
    const answer = await rawRequest(app.url, 'GET /healthz HTTP/1.0\r\n\r\n');
    assert.equal(answer.status, 200);
  });

  it('the server answers normally afterwards', async () => {
    assert.equal((await app.fetch('/healthz')).status, 200);
  });
});

describe('nosniff and /metrics', () => {
  const scope = suiteScope();
  let app: TestApp;
  before(async () => {
    app = await buildTestApp(scope, { listen: true, workerThreads: 0, env: { METRICS_TOKEN: 'metrics-secret-123' } });
  });

  it('every answer carries X-Content-Type-Options: nosniff: JSON, errors, images, hits answered before Fastify, 304s', async () => {
    const file = await uploadViaInject(app, await smallPhoto(1, 320));
    const paths = ['/healthz', '/api/files', `/api/files/${file.id}`, '/nope', `/cdn/${file.id}?w=40&f=jpeg`, `/cdn/${file.id}?w=40&f=jpeg`, '/'];
    for (const path of paths) {
      const response = await app.fetch(path);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
    }
    const hit = await app.fetch(`/cdn/${file.id}?w=40&f=jpeg`);
    assert.equal(hit.headers.get('x-convertly-cache'), 'hit');
    const etag = hit.headers.get('etag') ?? '';
    const notModified = await app.fetch(`/cdn/${file.id}?w=40&f=jpeg`, { headers: { 'if-none-match': etag } });
    assert.equal(notModified.status, 304);
    assert.equal(notModified.headers.get('x-content-type-options'), 'nosniff');
  });

  it('/metrics wants the bearer METRICS_TOKEN when it is set', async () => {
    assert.equal((await fetch(`${app.url}/metrics`)).status, 401);
    const wrong = await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer nope' } });
    assert.equal(wrong.status, 401);
    assert.equal(((await wrong.json()) as { error: { code: string } }).error.code, 'unauthorized');
    const right = await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer metrics-secret-123' } });
    assert.equal(right.status, 200);
    assert.match(await right.text(), /convertly_http_requests_total/);
  });

  it('without METRICS_TOKEN, /metrics answers this machine only', async (t) => {
    const open = await buildTestApp(t, { workerThreads: 0 });
    assert.equal((await open.app.inject({ method: 'GET', url: '/metrics' })).statusCode, 200);
    const remote = await open.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' });
    assert.equal(remote.statusCode, 401);
    assert.equal(remote.json().error.code, 'unauthorized');
  });
});
