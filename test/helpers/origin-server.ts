// A web folder on 127.0.0.1 for the source suites: serves what a test puts at a path (bytes, type, ETag,
// status, delay, redirect), answers conditional requests with 304, and counts requests and connections,
// so a suite can show that a refused origin never saw a connection at all.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CleanupScope } from './build-test-app.js';

export interface OriginObject {
  readonly bytes?: Buffer;
  readonly contentType?: string;
  readonly etag?: string;
  readonly status?: number;
  /** Wait this long before answering (a slow origin). */
  readonly delayMs?: number;
  /** Answer 302 to this location instead. */
  readonly redirect?: string;
}

export interface OriginServer {
  /** `http://HOST:PORT` */
  readonly url: string;
  readonly port: number;
  put(path: string, object: OriginObject): void;
  /** GETs seen per path (`/photos/a.jpg`), conditional ones included. */
  requests(path: string): number;
  /** Conditional GETs answered 304, per path. */
  notModified(path: string): number;
  /** TCP connections accepted so far. */
  readonly connections: number;
}

export async function startOriginServer(scope: CleanupScope, host = '127.0.0.1'): Promise<OriginServer> {
  const objects = new Map<string, OriginObject>();
  const seen = new Map<string, number>();
  const unchanged = new Map<string, number>();
  let connections = 0;
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/');
    seen.set(path, (seen.get(path) ?? 0) + 1);
    const object = objects.get(path);
    const answer = () => {
      if (object === undefined) return response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      if (object.redirect !== undefined) return response.writeHead(302, { location: object.redirect }).end();
      if (object.etag !== undefined && request.headers['if-none-match'] === object.etag) {
        unchanged.set(path, (unchanged.get(path) ?? 0) + 1);
        return response.writeHead(304, { etag: object.etag }).end();
      }
      const headers: Record<string, string> = { 'content-type': object.contentType ?? 'image/jpeg' };
      if (object.etag !== undefined) headers.etag = object.etag;
      response.writeHead(object.status ?? 200, headers).end(object.bytes ?? Buffer.alloc(0));
    };
    if (object?.delayMs === undefined) answer();
    else setTimeout(answer, object.delayMs).unref();
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  scope.after(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return {
    url: `http://${host}:${port}`,
    port,
    put: (path, object) => void objects.set(path, object),
    requests: (path) => seen.get(path) ?? 0,
    notModified: (path) => unchanged.get(path) ?? 0,
    get connections() {
      return connections;
    },
  };
}
