// A client that goes away half-way through a large upload (raw or multipart) leaves nothing
// behind: no blob, no temp file, no row, and the server keeps serving.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { listFilesDeep } from '../storage/temp-dir.js';
import { multipartBody, sampleBytes, smallPhoto, uploadViaFetch } from './helpers/http-fixtures.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

let server: TestServer;
/** A real JPEG followed by padding: 12 MB, well under the 50 MB default limit. */
let large: Buffer;

before(async () => {
  server = await startTestServer();
  const photo = sampleBytes(1);
  large = Buffer.concat([photo, Buffer.alloc(12 * 1024 * 1024 - photo.length, 0x5a)]);
});
after(async () => {
  await server.close();
});

const tempFiles = async () => (await listFilesDeep(server.dataDir)).filter((path) => /(^|\/)\.[^/]*\.tmp$/.test(path));
const blobFiles = () => listFilesDeep(join(server.dataDir, 'blobs'));
async function rowCount(): Promise<number> {
  const rows = await server.services.database.db.selectFrom('files').select('id').execute();
  return rows.length;
}

/** Open TCP connections to the server. */
function connections(): Promise<number> {
  return new Promise((resolve, reject) => server.app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
}

/**
 * Sends the headers (announcing the whole body) and the first half of `body` with the suite's
 * credentials, waits until the server has read that half, then destroys the socket.
 */
async function abortHalfWay(path: string, body: Buffer, headers: Record<string, string>): Promise<void> {
  // Connections fetch() keeps alive from earlier requests stay open; only ours must go.
  const baseline = await connections();
  const url = new URL(path, server.url);
  const req = request(url, { method: 'POST', agent: false, headers: { ...server.auth, ...headers, 'content-length': String(body.length) } });
  const failed = new Promise<void>((resolve) => req.once('error', () => resolve()));
  req.once('response', () => assert.fail('the server answered a request whose body never arrived'));
  const half = body.subarray(0, Math.floor(body.length / 2));
  await new Promise<void>((resolve, reject) => req.write(half, (error) => (error ? reject(error) : resolve())));
  // The kernel took the bytes; give the server a moment to read them, then vanish.
  await sleep(50);
  req.destroy();
  await failed;
  // The server notices the reset and drops the connection.
  const deadline = Date.now() + 30_000;
  while ((await connections()) > baseline) {
    if (Date.now() > deadline) assert.fail('the aborted connection is still open on the server');
    await sleep(10);
  }
}

describe('an upload aborted half-way', () => {
  it('leaves no blob, temp file or row (raw body and multipart), and the server keeps serving', async () => {
    const kept = await uploadViaFetch(server, await smallPhoto(1, 300), 'kept.jpg');
    const blobsBefore = await blobFiles();
    const rowsBefore = await rowCount();
    assert.equal(rowsBefore, 1);

    await abortHalfWay('/api/files?name=raw.jpg', large, { 'content-type': 'image/jpeg' });
    const multipart = multipartBody(large, { filename: 'multipart.jpg' });
    await abortHalfWay('/api/files', multipart.payload, multipart.headers);
    await abortHalfWay('/api/files?analyze=1', multipart.payload, multipart.headers);

    assert.deepEqual(await tempFiles(), []);
    assert.deepEqual(await blobFiles(), blobsBefore);
    assert.equal(await rowCount(), rowsBefore);

    // Still serving: the complete upload of the same bytes works.
    const whole = await server.fetch('/api/files?name=whole.jpg', { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: large });
    assert.equal(whole.status, 201, await whole.clone().text());
    assert.equal(((await whole.json()) as { bytes: number }).bytes, large.length);
    const render = await server.fetch(`/cdn/${kept.id}?w=100&f=jpeg`);
    await render.arrayBuffer();
    assert.equal(render.status, 200);
    assert.equal(await rowCount(), rowsBefore + 1);
    // The render is answered before its disk-tier copy lands; that write's temp file is not a leftover.
    await server.services.renditions.flush();
    assert.deepEqual(await tempFiles(), []);
  });
});
