// mark= over HTTP: the rendered bytes against sharp compositing by hand, marks by id and by upload path,
// a foreign or missing mark as a 404 that names the mark, keys and ETags that follow the mark's bytes, and a
// 400 naming the parameter for each bad value.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { LightMyRequestResponse } from 'fastify';
import { storeUpload } from '../../src/services/stored-files.js';
import type { FileRecord } from '../../src/storage/index.js';
import { createWorkspaceFixture, errorCode, startAccountsServer, type AccountsServer, type WorkspaceFixture } from '../accounts-http/helpers/accounts-server.js';
import { meanAbsoluteDifference, regionMeans } from '../fixtures/engine-images.js';
import { sampleBytes } from '../fixtures/photos.js';

let server: AccountsServer;
let a: WorkspaceFixture;
let base: FileRecord;
let baseBytes: Buffer;
let logoBytes: Buffer;
let logo: FileRecord;
let foreignLogo: FileRecord;

/** A 200×100 PNG: a half-transparent band and an opaque disc of `colour`, transparent corners. */
function logoPng(colour: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">
    <rect x="10" y="10" width="180" height="80" fill="${colour}" fill-opacity="0.5"/><circle cx="100" cy="50" r="35" fill="${colour}"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

before(async () => {
  server = await startAccountsServer();
  a = await createWorkspaceFixture(server, 'ws_a');
  await createWorkspaceFixture(server, 'ws_b');
  baseBytes = await sharp(sampleBytes(1)).resize(480, 320).jpeg({ quality: 90 }).toBuffer();
  logoBytes = await logoPng('rgb(0,255,0)');
  base = await storeUpload(server.services, { workspaceId: 'ws_a', name: 'base.jpg', bytes: baseBytes });
  logo = await storeUpload(server.services, { workspaceId: 'ws_a', name: 'logo.png', bytes: logoBytes });
  foreignLogo = await storeUpload(server.services, { workspaceId: 'ws_b', name: 'logo.png', bytes: logoBytes });
});
after(() => server.close());

function get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return server.inject({ method: 'GET', url, headers: { ...a.bearer, ...headers } });
}

describe('mark= on /cdn', () => {
  it('draws the stored mark as sharp does by hand: same size, same pixels in its region', async () => {
    const response = await get(`/cdn/${base.id}?w=240&h=160&f=png&mark=${logo.id}&markw=0.25&markpad=8&markalpha=60`);
    assert.equal(response.statusCode, 200, response.body);
    // 25 % of 240 is 60 px wide (60×30), 8 px from the right and bottom edges.
    const rect = { x: 172, y: 122, width: 60, height: 30 };
    const mark = await sharp(logoBytes).resize(60, 30, { fit: 'fill' }).png().toBuffer();
    const faded = await sharp(mark).composite([{ input: Buffer.from([0, 0, 0, 153]), raw: { width: 1, height: 1, channels: 4 }, tile: true, blend: 'dest-in' }]).png().toBuffer();
    const byHand = await sharp(baseBytes).resize(240, 160).composite([{ input: faded, left: rect.x, top: rect.y }]).png().toBuffer();
    const ours = response.rawPayload;
    assert.deepEqual([(await sharp(ours).metadata()).width, (await sharp(ours).metadata()).height], [240, 160]);
    assert.ok((await meanAbsoluteDifference(ours, byHand)) < 3);
    const [mine, hand] = await Promise.all([regionMeans(ours, rect), regionMeans(byHand, rect)]);
    mine.forEach((value, channel) => assert.ok(Math.abs(value - hand[channel]!) < 3, `channel ${channel}: ${value} vs ${hand[channel]}`));
    assert.notEqual(response.headers.etag, (await get(`/cdn/${base.id}?w=240&h=160&f=png`)).headers.etag);
  });

  it('names the mark by its upload path as well as by id: the same pixels', async () => {
    const stored = await storeUpload(server.services, { workspaceId: 'ws_a', name: 'logo.png', bytes: logoBytes, path: 'brand/same.png' });
    const byId = await get(`/cdn/${base.id}?w=200&f=png&mark=${stored.id}&markw=0.3`);
    const byPath = await get(`/cdn/${base.id}?w=200&f=png&mark=brand/same.png&markw=0.3`);
    assert.equal(byPath.statusCode, 200, byPath.body);
    assert.deepEqual(byPath.rawPayload, byId.rawPayload);
  });

  it('a mark of another workspace, or none, is a 404 that says the mark is missing; a missing base says the file', async () => {
    for (const mark of [foreignLogo.id, 'f_00000000000000000000', 'brand/nothing.png']) {
      const response = await get(`/cdn/${base.id}?w=100&mark=${mark}`);
      assert.equal(response.statusCode, 404, mark);
      assert.equal(errorCode(response), 'not_found');
      assert.match(response.json<{ error: { message: string } }>().error.message, /^No mark file .* \(mark=\)/);
    }
    const noBase = await get(`/cdn/f_00000000000000000000?w=100&mark=${logo.id}`);
    assert.equal(noBase.statusCode, 404);
    assert.doesNotMatch(noBase.json<{ error: { message: string } }>().error.message, /mark/);
  });

  it('a new file under the mark path changes the key, the ETag and the pixels; a deleted mark is a 404, not a stale hit', async () => {
    const first = await storeUpload(server.services, { workspaceId: 'ws_a', name: 'logo.png', bytes: logoBytes, path: 'brand/logo.png' });
    const url = `/cdn/${base.id}?w=240&h=160&f=png&mark=brand/logo.png&markw=0.5&markpos=center`;
    const before = await get(url);
    assert.equal(before.statusCode, 200, before.body);
    assert.equal((await get(url)).headers['x-convertly-cache'], 'hit');
    assert.equal((await get(url, { 'if-none-match': String(before.headers.etag) })).statusCode, 304);
    await server.inject({ method: 'DELETE', url: `/api/files/${first.id}`, headers: a.bearer });
    const gone = await get(url, { 'if-none-match': String(before.headers.etag) });
    assert.equal(gone.statusCode, 404);
    await storeUpload(server.services, { workspaceId: 'ws_a', name: 'logo.png', bytes: await logoPng('rgb(255,0,255)'), path: 'brand/logo.png' });
    const after = await get(url, { 'if-none-match': String(before.headers.etag) });
    assert.equal(after.statusCode, 200, after.body);
    assert.notEqual(after.headers.etag, before.headers.etag);
    const centre = { x: 110, y: 70, width: 20, height: 20 };
    const [green, magenta] = await Promise.all([regionMeans(before.rawPayload, centre), regionMeans(after.rawPayload, centre)]);
    assert.ok(green[1]! > 200 && magenta[1]! < 60, `${green} then ${magenta}`);
  });

  it('new bytes of the same mark file (a source revalidated) change the key and ETag', async () => {
    const stored = await storeUpload(server.services, { workspaceId: 'ws_a', name: 'logo.png', bytes: logoBytes });
    const url = `/cdn/${base.id}?w=120&f=png&mark=${stored.id}`;
    const before = await get(url);
    const blobKey = `${stored.blobKey}-2`;
    await server.services.blobs.put(blobKey, await logoPng('rgb(0,0,255)'));
    await server.services.files.replaceOriginal('ws_a', stored.id, { blobKey, bytes: 1, format: 'png', width: 200, height: 100, hasAlpha: true, origin: { etag: null, lastModified: null, checkedAt: new Date().toISOString() } });
    const after = await get(url);
    assert.equal(after.statusCode, 200, after.body);
    assert.notEqual(after.headers.etag, before.headers.etag);
    assert.notDeepEqual(after.rawPayload, before.rawPayload);
  });

  it('every bad value is a 400 naming its parameter', async () => {
    const cases: Array<[string, string]> = [
      ['mark=a//b', 'mark'],
      ['mark=../x', 'mark'],
      [`mark=${logo.id}&mark=${logo.id}`, 'mark'],
      [`mark=${logo.id}&markpos=up`, 'markpos'],
      [`mark=${logo.id}&markpos=1.5,0`, 'markpos'],
      [`mark=${logo.id}&markw=0`, 'markw'],
      [`mark=${logo.id}&markw=1.5`, 'markw'],
      [`mark=${logo.id}&markw=150%25`, 'markw'],
      [`mark=${logo.id}&markalpha=101`, 'markalpha'],
      [`mark=${logo.id}&markalpha=-1`, 'markalpha'],
      [`mark=${logo.id}&markpad=1,2,3`, 'markpad'],
      [`mark=${logo.id}&markpad=1001`, 'markpad'],
      ['markw=0.5', 'markw'],
      ['markpos=north', 'markpos'],
    ];
    for (const [query, name] of cases) {
      const response = await get(`/cdn/${base.id}?w=100&${query}`);
      assert.equal(response.statusCode, 400, `${query}: ${response.body}`);
      assert.equal(errorCode(response), 'invalid_parameter');
      assert.match(response.json<{ error: { message: string } }>().error.message, new RegExp(`for ${name} but`), query);
    }
  });

  it('a mark file whose bytes are not an image is a 400 naming mark', async () => {
    const stored = await storeUpload(server.services, { workspaceId: 'ws_a', name: 'logo.png', bytes: logoBytes });
    await server.services.blobs.put(stored.blobKey, Buffer.from('this is not an image'));
    const response = await get(`/cdn/${base.id}?w=100&mark=${stored.id}`);
    assert.equal(response.statusCode, 400, response.body);
    assert.equal(errorCode(response), 'invalid_parameter');
    assert.match(response.json<{ error: { message: string } }>().error.message, /mark/);
  });
});
