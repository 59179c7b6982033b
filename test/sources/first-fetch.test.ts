// Issue 14, the first request of a path: it renders from the fetched bytes while the blob and the row are written
// (first-fetch.ts) and answers without waiting for that durable write; a blob that cannot be stored leaves no row,
// and the next request fetches again, under the same file id (one rendition key, one charge). The blob store is the real one behind a gate
// the test opens or breaks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { AppError } from '../../src/errors/app-error.js';
import { createFileId, createFilesRepository } from '../../src/storage/index.js';
import type { Services } from '../../src/services/create-services.js';
import { findPathFile, resolveSourceFile } from '../../src/services/sources/source-files.js';
import { sampleBytes } from '../fixtures/photos.js';
import { buildTestApp, suiteScope } from '../helpers/build-test-app.js';
import { startOriginServer } from '../helpers/origin-server.js';

/** The real blob store, whose writes wait for `release()` or fail while `broken` is set. */
function gatedBlobs() {
  let open: () => void = () => {};
  let gate = Promise.resolve();
  const state = { broken: false, writesStarted: 0 };
  return {
    state,
    hold() {
      gate = new Promise<void>((resolve) => (open = resolve));
    },
    release: () => open(),
    wrap: (services: Services): Services => ({
      ...services,
      blobs: {
        ...services.blobs,
        async put(key, data) {
          state.writesStarted += 1;
          await gate;
          if (state.broken) throw new AppError('storage_unavailable', 'The blob store cannot be reached; try again later');
          return services.blobs.put(key, data);
        },
      },
    }),
  };
}

describe('the first request of a source path', () => {
  const scope = suiteScope();
  const blobs = gatedBlobs();
  const setup = (async () => {
    const origin = await startOriginServer(scope);
    const app = await buildTestApp(scope, { env: { SOURCES_ALLOW_PRIVATE: '127.0.0.1/32', QUOTA_FREE: '100' }, wrapServices: blobs.wrap });
    const added = await app.inject({ method: 'POST', url: '/api/sources', payload: { name: 'web', kind: 'http', baseUrl: origin.url } });
    assert.equal(added.statusCode, 201, added.body);
    const sourceId = (await app.services.sources.getSource('ws_default', 'web'))!.id;
    return { origin, app, sourceId };
  })();
  const used = async (app: Awaited<typeof setup>['app']) => (await app.inject({ method: 'GET', url: '/api/usage' })).json().used as number;

  it('renders and answers every size asked meanwhile from the fetched bytes, before the blob and row are stored', async () => {
    const { origin, app, sourceId } = await setup;
    origin.put('/held.jpg', { bytes: sampleBytes(2) });
    blobs.hold();
    // The blob write is held for as long as the test likes: every answer arrives while it waits.
    const responses = await Promise.all([64, 96, 128].map((w) => app.inject({ method: 'GET', url: `/src/web/held.jpg?w=${w}` })));
    assert.deepEqual(responses.map((response) => response.statusCode), [200, 200, 200], responses.map((r) => r.body).join('\n'));
    assert.equal(blobs.state.writesStarted, 1);
    assert.equal(await app.services.files.findByPath('ws_default', sourceId, 'held.jpg'), null, 'the row follows the blob');
    // Meanwhile the path is the same held original, not a second fetch; a hit of an answered size is a hit.
    const meanwhile = await app.inject({ method: 'GET', url: '/src/web/held.jpg?w=96' });
    assert.equal(meanwhile.headers['x-convertly-cache'], 'hit');
    assert.equal(origin.requests('/held.jpg'), 1);
    // What reads the stored original (an analysis, a focal point) waits for it: findPathFile answers once the blob and row are there.
    const stored = findPathFile(app.services, 'ws_default', 'web', 'held.jpg');
    blobs.release();
    const file = await stored;
    assert.equal((await app.services.files.findByPath('ws_default', sourceId, 'held.jpg'))?.id, file.id);
    assert.equal((await app.services.blobs.get(file.blobKey))?.length, sampleBytes(2).length);
    const again = await app.inject({ method: 'GET', url: '/src/web/held.jpg?w=128' });
    assert.equal(again.headers['x-convertly-cache'], 'hit');
    assert.equal(origin.requests('/held.jpg'), 1);
  });

  it('renders in one fused pipeline under a weak ETag, which the later renders of the key share', async () => {
    const { origin, app, sourceId } = await setup;
    origin.put('/fused.jpg', { bytes: sampleBytes(2) });
    const url = '/src/web/fused.jpg?w=320&h=240&gravity=center&f=jpeg';
    const decodes = app.services.decoded.stats().decodes;
    const first = await app.inject({ method: 'GET', url });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(app.services.decoded.stats().decodes, decodes, 'no decoded intermediate was made for it');
    const etag = String(first.headers.etag);
    assert.match(etag, /^W\/"/, 'a fetched original\'s renders carry a weak ETag');
    // Evicted, the same URL renders through the intermediate: the bytes may differ by rounding, the validator
    // says they are the same image (weak), so a client holding the first answer keeps it.
    // Its row may still be on its way (the answer does not wait for it): findPathFile waits for it, as analyses do.
    const file = await findPathFile(app.services, 'ws_default', 'web', 'fused.jpg');
    await app.services.renditions.forgetFile(file.id);
    const later = await app.inject({ method: 'GET', url });
    assert.equal(later.headers['x-convertly-cache'], 'miss');
    assert.equal(app.services.decoded.stats().decodes, decodes + 1, 'the later render went through the intermediate');
    assert.equal(later.headers.etag, etag);
    assert.deepEqual([later.headers['x-convertly-window'], later.headers['x-convertly-focus']], [first.headers['x-convertly-window'], first.headers['x-convertly-focus']]);
    assert.deepEqual(await sharp(later.rawPayload).metadata().then((m) => [m.width, m.height]), [320, 240]);
    // If-None-Match compares weakly (RFC 9110): with or without the W/ prefix.
    for (const tag of [etag, etag.slice(2)]) assert.equal((await app.inject({ method: 'GET', url, headers: { 'if-none-match': tag } })).statusCode, 304);
  });

  it('an original fetched by a request that never renders it is stored all the same', async () => {
    const { origin, app, sourceId } = await setup;
    origin.put('/unrendered.jpg', { bytes: sampleBytes(4) });
    // The preset is looked up after the fetch: the request fails before anything renders the original.
    const failed = await app.inject({ method: 'GET', url: '/src/web/unrendered.jpg?preset=nosuch' });
    assert.equal(failed.statusCode, 400, failed.body);
    const source = (await app.services.sources.getSource('ws_default', 'web'))!;
    const { held } = await resolveSourceFile(app.services, source, 'unrendered.jpg');
    assert.ok(held !== undefined, 'still the first fetch, not a second one');
    // Nobody starts its write: it starts by itself (STORE_AFTER_MS), and the path's next request finds it stored.
    await held.persisted;
    assert.ok((await app.services.files.findByPath('ws_default', sourceId, 'unrendered.jpg')) !== null);
    assert.equal(origin.requests('/unrendered.jpg'), 1);
  });

  it('while the blob store refuses a new path, each request fetches it again, but a rendition is charged once', async () => {
    const { origin, app, sourceId } = await setup;
    origin.put('/broken.jpg', { bytes: sampleBytes(3) });
    const before = await used(app);
    const source = (await app.services.sources.getSource('ws_default', 'web'))!;
    blobs.state.broken = true;
    /** One request whose write is held until it has answered, then fails: its path's flight ends with it. */
    const requestWhileBroken = async () => {
      blobs.hold();
      const answered = await app.inject({ method: 'GET', url: '/src/web/broken.jpg?w=80' });
      // The render was of the origin's bytes: it is answered whatever the store says.
      assert.equal(answered.statusCode, 200, answered.body);
      // The write is still held, so this joins the request's fetch; it fails once the gate opens.
      const { held } = await resolveSourceFile(app.services, source, 'broken.jpg');
      assert.ok(held !== undefined);
      blobs.release();
      await assert.rejects(held.persisted, (error: unknown) => error instanceof AppError && error.code === 'storage_unavailable');
      return answered;
    };
    const answers: Awaited<ReturnType<typeof requestWhileBroken>>[] = [];
    for (let i = 0; i < 3; i += 1) answers.push(await requestWhileBroken());
    assert.equal(await app.services.files.findByPath('ws_default', sourceId, 'broken.jpg'), null, 'no row while the blob cannot be stored');
    assert.equal(origin.requests('/broken.jpg'), 3, 'so each request fetched the path again');
    // The same bytes of the same path are the same file id each time: one charged operation, one key and ETag,
    // and the render kept from the first request answers the next ones.
    assert.equal(await used(app), before + 1);
    assert.deepEqual(answers.map((answer) => answer.headers.etag), [1, 2, 3].map(() => answers[0]!.headers.etag));
    assert.deepEqual(answers.map((answer) => answer.headers['x-convertly-cache']), ['miss', 'hit', 'hit']);
    // Other bytes at the origin are another rendition: a new key and ETag, charged once more.
    origin.put('/broken.jpg', { bytes: sampleBytes(4) });
    const changed = await requestWhileBroken();
    assert.equal(changed.headers['x-convertly-cache'], 'miss');
    assert.notEqual(changed.headers.etag, answers[0]!.headers.etag);
    assert.equal(await used(app), before + 2);
    // The store is back: the next fetch stores the path under the id its renders were cached and charged under.
    blobs.state.broken = false;
    const file = await findPathFile(app.services, 'ws_default', 'web', 'broken.jpg');
    assert.equal((await app.services.blobs.get(file.blobKey))?.length, sampleBytes(4).length);
    const stored = await app.inject({ method: 'GET', url: '/src/web/broken.jpg?w=80' });
    assert.equal(stored.headers.etag, changed.headers.etag);
    assert.equal(stored.headers['x-convertly-cache'], 'hit');
    assert.equal(await used(app), before + 2);
  });

  it('two instances first-fetching one path (no shared flight) charge one operation and store one file; new bytes still get a new ETag', async () => {
    const { origin, app, sourceId } = await setup;
    origin.put('/twice.jpg', { bytes: sampleBytes(2), etag: '"one"' });
    const other = await buildTestApp(scope, { shareWith: app, workerThreads: 0, env: { SOURCES_ALLOW_PRIVATE: '127.0.0.1/32', QUOTA_FREE: '100' } });
    const before = await used(app);
    // This instance answers, but its row waits for its blob write: the other instance finds no row and fetches too.
    blobs.hold();
    const mine = await app.inject({ method: 'GET', url: '/src/web/twice.jpg?w=72' });
    const theirs = await other.inject({ method: 'GET', url: '/src/web/twice.jpg?w=72' });
    assert.deepEqual([mine.statusCode, theirs.statusCode], [200, 200], mine.body + theirs.body);
    assert.equal(origin.requests('/twice.jpg'), 2, 'two fetches, one per instance');
    assert.deepEqual([mine.headers['x-convertly-cache'], theirs.headers['x-convertly-cache']], ['miss', 'miss']);
    // The other instance stores first; this one's insert loses to a row that names the same id and blob.
    const theirFile = await findPathFile(other.services, 'ws_default', 'web', 'twice.jpg');
    const stored = findPathFile(app.services, 'ws_default', 'web', 'twice.jpg');
    blobs.release();
    const myFile = await stored;
    assert.equal(await used(app), before + 1, 'charged once in total');
    assert.equal(myFile.id, theirFile.id);
    assert.equal(mine.headers.etag, theirs.headers.etag, 'one rendition');
    // The losing insert kept the blob the winner's row names.
    assert.equal((await app.services.blobs.get(myFile.blobKey))?.length, sampleBytes(2).length);
    // Deleted, then fetched again with the same bytes: the same id comes back, but nothing of the deleted file
    // does (its focal point, its version, its render that followed that point).
    const focalUrl = '/src/web/twice.jpg?w=60&h=60&fit=cover&gravity=focal';
    const set = await app.inject({ method: 'PUT', url: `/api/files/${myFile.id}/focal`, payload: { x: 0.9, y: 0.1 } });
    assert.equal(set.statusCode, 200, set.body);
    const focused = await app.inject({ method: 'GET', url: focalUrl });
    assert.equal(focused.statusCode, 200, focused.body);
    assert.equal((await app.inject({ method: 'DELETE', url: `/api/files/${myFile.id}` })).statusCode, 204);
    const refetched = await app.inject({ method: 'GET', url: focalUrl });
    assert.equal(refetched.statusCode, 200, refetched.body);
    assert.equal(refetched.headers['x-convertly-cache'], 'miss');
    assert.notEqual(refetched.headers.etag, focused.headers.etag);
    assert.notEqual(refetched.headers['x-convertly-focus'], focused.headers['x-convertly-focus']);
    const again = await findPathFile(app.services, 'ws_default', 'web', 'twice.jpg');
    assert.deepEqual([again.id, again.version, again.focal], [myFile.id, 1, null]);
    // A changed original, seen at revalidation, is a new version: a new key and ETag, charged once.
    const beforeChange = await used(app);
    origin.put('/twice.jpg', { bytes: sampleBytes(5), etag: '"two"' });
    await app.services.files.markChecked('ws_default', again.id, new Date(0).toISOString());
    const changed = await app.inject({ method: 'GET', url: '/src/web/twice.jpg?w=72' });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.headers['x-convertly-cache'], 'miss');
    assert.notEqual(changed.headers.etag, mine.headers.etag);
    assert.equal(await used(app), beforeChange + 1);
    const row = await app.services.files.findByPath('ws_default', sourceId, 'twice.jpg');
    assert.equal(row?.id, again.id, 'revalidation keeps the file, with a new version');
    assert.ok(row !== null && row.version > again.version);
  });

  it('what reads the stored original gets the row another instance stored first, not the id this one could not insert', async () => {
    const { origin, app, sourceId } = await setup;
    origin.put('/raced.jpg', { bytes: sampleBytes(2) });
    // The other instance's blob, written before this instance's write is held.
    const theirs = createFileId();
    const theirBlob = `ws_default/${theirs}.0000000000000000`;
    await app.services.blobs.put(theirBlob, sampleBytes(2));
    blobs.hold();
    const answered = await app.inject({ method: 'GET', url: '/src/web/raced.jpg?w=64' });
    assert.equal(answered.statusCode, 200, answered.body);
    const source = (await app.services.sources.getSource('ws_default', 'web'))!;
    const { file: ours, held } = await resolveSourceFile(app.services, source, 'raced.jpg');
    assert.ok(held !== undefined);
    // Meanwhile the other instance stores the path first (the unique path index lets one row win), in the shared
    // database: this instance's lookup cache is not told (it still remembers the path as unknown).
    const { workspaceId, name, format, width, height, bytes, origin: validators } = ours;
    const row = { workspaceId, name, format, width, height, bytes, source: sourceId, path: 'raced.jpg', origin: validators ?? undefined };
    await createFilesRepository(app.services.database.db).insertFile({ ...row, id: theirs, blobKey: theirBlob });
    const stored = findPathFile(app.services, 'ws_default', 'web', 'raced.jpg');
    blobs.release();
    const file = await stored;
    assert.equal(file.id, theirs, 'the row that exists, whose blob is there, not the id whose insert lost');
    assert.equal((await app.services.blobs.get(file.blobKey))?.length, sampleBytes(2).length);
    // And the path answers from that row at once: this instance does not fetch it again.
    const next = await app.inject({ method: 'GET', url: '/src/web/raced.jpg?w=64' });
    assert.equal(next.statusCode, 200, next.body);
    assert.equal((await app.services.files.findByPath('ws_default', sourceId, 'raced.jpg'))?.id, theirs);
    assert.equal(origin.requests('/raced.jpg'), 1);
  });

  it('a drain (SIGTERM) stores a fetched original before the database closes, even one whose write had not started', async () => {
    const { origin, app, sourceId } = await setup;
    origin.put('/drained.jpg', { bytes: sampleBytes(4) });
    // A second instance of the same deployment, closed as a SIGTERM closes it (app, then services).
    const other = await buildTestApp(null, { shareWith: app, workerThreads: 0, env: { SOURCES_ALLOW_PRIVATE: '127.0.0.1/32', QUOTA_FREE: '100' } });
    // Fetched, never rendered (the preset is unknown): its write would only start STORE_AFTER_MS from now.
    const failed = await other.inject({ method: 'GET', url: '/src/web/drained.jpg?preset=nosuch' });
    assert.equal(failed.statusCode, 400, failed.body);
    await other.close();
    const row = await createFilesRepository(app.services.database.db).findByPath('ws_default', sourceId, 'drained.jpg');
    assert.ok(row !== null, 'stored before the instance closed');
    assert.equal((await app.services.blobs.get(row.blobKey))?.length, sampleBytes(4).length);
  });

  it('a source removed before a fetched original is stored leaves no row, blob or render of it behind', async () => {
    const { origin, app } = await setup;
    origin.put('/orphan.jpg', { bytes: sampleBytes(4) });
    const added = await app.inject({ method: 'POST', url: '/api/sources', payload: { name: 'gone', kind: 'http', baseUrl: origin.url } });
    assert.equal(added.statusCode, 201, added.body);
    const gone = (await app.services.sources.getSource('ws_default', 'gone'))!;
    // Fetched, never rendered: its write waits (STORE_AFTER_MS), and the source is removed meanwhile.
    const failed = await app.inject({ method: 'GET', url: '/src/gone/orphan.jpg?preset=nosuch' });
    assert.equal(failed.statusCode, 400, failed.body);
    const { file, held } = await resolveSourceFile(app.services, gone, 'orphan.jpg');
    assert.ok(held !== undefined);
    assert.equal((await app.inject({ method: 'DELETE', url: '/api/sources/gone' })).statusCode, 204);
    // removeSource deleted the rows it found; this one lands after it and must go the same way.
    await held.store().catch(() => undefined);
    assert.equal(await createFilesRepository(app.services.database.db).findByPath('ws_default', gone.id, 'orphan.jpg'), null, 'no row of a removed source');
    assert.equal(await app.services.blobs.get(file.blobKey), null, 'nor its blob');
    await assert.rejects(findPathFile(app.services, 'ws_default', 'gone', 'orphan.jpg'), (error: unknown) => error instanceof AppError && error.code === 'not_found');
  });
});
