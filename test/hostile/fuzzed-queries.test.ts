// Hostile suite: fuzzed render queries (fast-check). Every answer is a 200 image or a 4xx in the house shape —
// never a 500, and never the server's own deadline (RENDER_TIMEOUT_MS, 503 render_timeout): a query that
// makes a render slow fails here by the server's clock, not by a timed assertion. Healthy afterwards.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { buildTestApp, suiteScope, type TestApp } from '../helpers/build-test-app.js';
import { smallPhoto, uploadViaInject } from '../http/helpers/http-fixtures.js';

const NAMES = ['w', 'h', 'dpr', 'fit', 'gravity', 'crop', 'fp', 'f', 'q', 'debug', 'junk'] as const;
const VALUES = fc.oneof(
  fc.integer({ min: -10, max: 9000 }).map(String),
  fc.constantFrom('0', '1', '8192', '1.5', '4', '4.01', '1e3', '0x10', '-1', '', ' ', 'NaN', 'Infinity', '%00', '%E2%98%83', '%ZZ'),
  fc.constantFrom('cover', 'contain', 'fill', 'inside', 'outside', 'auto', 'smart', 'face', 'faces', 'entropy', 'north', 'focal', 'edges', 'focalpoint'),
  fc.constantFrom('jpeg', 'jpg', 'png', 'webp', 'avif', 'gif', 'bmp', 'auto'),
  fc.constantFrom('0.3,0.7', '30%,70%', '1,1', '0,0', '2,2', '-0.1,0.5', 'x,y', '0.5', ',,'),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
);
const QUERY = fc.array(fc.tuple(fc.constantFrom(...NAMES), VALUES), { maxLength: 6 }).map((pairs) => pairs.map(([name, value]) => `${name}=${value}`).join('&'));

describe('fuzzed render queries', () => {
  const scope = suiteScope();
  let app: TestApp;
  let fileId = '';
  before(async () => {
    app = await buildTestApp(scope, { workerThreads: 1, env: { RENDER_TIMEOUT_MS: '8000', MAX_OUTPUT_PIXELS: '16000000' } });
    fileId = (await uploadViaInject(app, await smallPhoto(2, 320))).id;
  });

  it('answers every query with an image or a clear 4xx, within the server\'s deadline', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(QUERY, async (query) => {
        const response = await app.inject({ method: 'GET', url: `/cdn/${fileId}?${query}` });
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        if (response.statusCode === 200) {
          assert.match(String(response.headers['content-type']), /^image\//, query);
          return;
        }
        assert.ok([400, 413].includes(response.statusCode), `${query} → ${response.statusCode} ${response.body.slice(0, 200)}`);
        const body = response.json<{ error: { code: string; message: string } }>();
        assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message'], query);
        assert.match(body.error.code, /^[a-z_]+$/);
      }),
      { numRuns: 120, seed: 1212 },
    );
    assert.ok((statuses.get(200) ?? 0) > 0 && (statuses.get(400) ?? 0) > 0, JSON.stringify([...statuses]));
    assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  });
});
