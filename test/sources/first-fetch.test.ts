// Issue 14, the first request of a path: it renders from the fetched bytes while the blob and the row are written
// (first-fetch.ts), yet answers only once both are there, and a blob that cannot be stored fails the request with
// nothing charged, cached or kept. The blob store is the real one behind a gate the test opens or breaks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { AppError } from '../../src/errors/app-error.js';
import type { Services } from '../../src/services/create-services.js';
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

  it('renders every size asked meanwhile from the fetched bytes, and answers once the blob and row are stored', async () => {
    const { origin, app, sourceId } = await setup;
    origin.put('/held.jpg', { bytes: sampleBytes(2) });
    blobs.hold();
    let answered = 0;
    const answers = Promise.all([64, 96, 128].map(async (w) => {
      const response = await app.inject({ method: 'GET', url: `/src/web/held.jpg?w=${w}` });
      answered += 1;
      return response;
    }));
    // Wait until the blob write has begun, then long enough for the renders to be done: nobody may have answered.
    while (blobs.state.writesStarted === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(answered, 0, 'no answer before the original is stored');
    assert.equal(await app.services.files.findByPath('ws_default', sourceId, 'held.jpg'), null, 'the row follows the blob');
    blobs.release();
    const responses = await answers;
    assert.deepEqual(responses.map((response) => response.statusCode), [200, 200, 200], responses.map((r) => r.body).join('\n'));
    assert.equal(origin.requests('/held.jpg'), 1);
    // The answers claim a stored file: its row and blob are there the moment they arrive.
    const file = await app.services.files.findByPath('ws_default', sourceId, 'held.jpg');
    assert.ok(file !== null);
    assert.equal((await app.services.blobs.get(file.blobKey))?.length, sampleBytes(2).length);
    const again = await app.inject({ method: 'GET', url: '/src/web/held.jpg?w=96' });
    assert.equal(again.headers['x-convertly-cache'], 'hit');
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
    const file = await app.services.files.findByPath('ws_default', sourceId, 'fused.jpg');
    assert.ok(file !== null);
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

  it('a blob that cannot be stored fails the request: nothing charged, cached or kept, and the next request fetches again', async () => {
    const { origin, app, sourceId } = await setup;
    origin.put('/broken.jpg', { bytes: sampleBytes(3) });
    const before = await used(app);
    blobs.state.broken = true;
    const failed = await app.inject({ method: 'GET', url: '/src/web/broken.jpg?w=80' });
    blobs.state.broken = false;
    assert.equal(failed.statusCode, 503, failed.body);
    assert.equal(failed.json().error.code, 'storage_unavailable');
    assert.equal(await used(app), before);
    assert.equal(await app.services.files.findByPath('ws_default', sourceId, 'broken.jpg'), null);
    const retried = await app.inject({ method: 'GET', url: '/src/web/broken.jpg?w=80' });
    assert.equal(retried.statusCode, 200, retried.body);
    assert.equal(retried.headers['x-convertly-cache'], 'miss');
    assert.equal(origin.requests('/broken.jpg'), 2);
    assert.equal(await used(app), before + 1);
  });
});
