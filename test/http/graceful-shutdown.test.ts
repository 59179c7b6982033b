// The production entry point shuts down gracefully (the SIGTERM path): it stops accepting, lets
// the in-flight render finish with a 200, then closes the database.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import sharp from 'sharp';
import { imageInfo, sampleBytes } from './helpers/http-fixtures.js';
import { startRealServer, type RealServer } from './helpers/test-server.js';

let real: RealServer;

before(async () => {
  real = await startRealServer();
});
after(async () => {
  await real.server.close();
  await real.cleanup();
});

/** Polls until `condition` holds; fails after `limitMs` (a safety net, not a timing assertion). */
async function waitFor(what: string, condition: () => boolean, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(5);
  }
}

/** Resolves with the error code of a fresh TCP connection attempt, or 'connected'. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('graceful shutdown', () => {
  it('finishes the in-flight render, refuses new connections, closes the database', async () => {
    const { server } = real;
    const port = Number(new URL(server.url).port);
    // A big photograph makes the face render slow enough to be caught in flight.
    const big = await sharp(sampleBytes(6)).resize({ width: 5000 }).jpeg({ quality: 92 }).toBuffer();
    const uploaded = await real.fetch('/api/files?name=big.jpg', { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: big });
    assert.equal(uploaded.status, 201, await uploaded.clone().text());
    const { id } = (await uploaded.json()) as { id: string };
    assert.equal((await real.fetch('/healthz')).status, 200);

    const rendersBefore = server.services.renditions.stats().renders;
    const inFlight = real.fetch(`/cdn/${id}?w=600&h=600&gravity=face&f=jpeg`);
    await waitFor('the render to start', () => server.services.renditions.stats().renders > rendersBefore);

    const closing = server.close();
    await waitFor('the listener to close', () => !server.app.server.listening);
    assert.equal(await tryConnect(port), 'ECONNREFUSED', 'new connections are refused while closing');

    const response = await inFlight;
    const body = Buffer.from(await response.arrayBuffer());
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-convertly-focus'), 'face');
    assert.deepEqual(await imageInfo(body), { format: 'jpeg', width: 600, height: 600 });
    // Without it the answered socket stays open and close() waits out the keep-alive timeout (72 s).
    assert.equal(response.headers.get('connection'), 'close', 'a response finished while draining closes its socket');

    await closing;
    assert.equal(await tryConnect(port), 'ECONNREFUSED');
    await assert.rejects(sql`select 1`.execute(server.services.database.db), 'the database is closed');
    await server.close(); // idempotent
  });
});
