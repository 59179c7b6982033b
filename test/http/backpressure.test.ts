// Renders in flight are bounded: past RENDER_CONCURRENCY + RENDER_QUEUE a miss is a 503 with
// Retry-After that costs nothing, and the server carries on.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { samplePath } from '../fixtures/photos.js';
import { readFile } from 'node:fs/promises';
import { startTestServer, type TestServer } from './helpers/test-server.js';

describe('render backpressure', () => {
  let server: TestServer;
  let id: string;
  before(async () => {
    server = await startTestServer({ env: { RENDER_CONCURRENCY: '1', RENDER_QUEUE: '0' } });
    const upload = await server.fetch('/api/files?name=s1.jpg', { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: await readFile(samplePath(1)) });
    assert.equal(upload.status, 201);
    id = ((await upload.json()) as { id: string }).id;
  });
  after(() => server.close());

  it('a miss beyond the limit is 503 service_unavailable with Retry-After, uncharged; the others render', async () => {
    const usageBefore = ((await (await server.fetch('/api/usage')).json()) as { used: number }).used;
    const responses = await Promise.all([401, 402, 403].map((w) => server.fetch(`/cdn/${id}?w=${w}&h=300&gravity=face&f=jpeg`)));
    const statuses = responses.map((r) => r.status).sort();
    assert.ok(statuses.includes(200), `some render succeeds: ${statuses}`);
    const refused = responses.filter((r) => r.status === 503);
    assert.ok(refused.length >= 1, `at least one is refused: ${statuses}`);
    for (const response of refused) {
      assert.equal(response.headers.get('retry-after'), '1');
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'service_unavailable');
    }
    const usageAfter = ((await (await server.fetch('/api/usage')).json()) as { used: number }).used;
    assert.equal(usageAfter - usageBefore, statuses.filter((s) => s === 200).length, 'only the renders that ran were charged');
    const later = await server.fetch(`/cdn/${id}?w=404&h=300&gravity=face&f=jpeg`);
    assert.equal(later.status, 200);
  });
});
