// Issue 13: three instances (one PostgreSQL schema, one s3rver bucket, each its own data folder) behave as
// one service. Changes made through one are honoured by the others within a second.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sampleBytes } from '../fixtures/photos.js';
import { listS3Keys } from '../helpers/s3-objects.js';
import { createS3Client, type S3Bucket } from '../../src/storage/s3/s3-client.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, eventually, startDeployment, type Deployment, type Instance } from './deployment.js';

const RENDER = '?w=600&h=400&gravity=center&f=jpeg';

async function upload(instance: Instance, bytes: Buffer): Promise<{ id: string }> {
  const response = await instance.fetch('/api/files', { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: bytes });
  assert.equal(response.status, 201, await response.clone().text());
  return (await response.json()) as { id: string };
}

async function used(instance: Instance): Promise<number> {
  const response = await instance.fetch('/api/usage');
  assert.equal(response.status, 200);
  return ((await response.json()) as { used: number }).used;
}

describe('three instances on one database and one bucket', () => {
  let deployment: Deployment;
  let a: Instance;
  let b: Instance;
  let c: Instance;
  let bucket: S3Bucket;
  before(async () => {
    deployment = await startDeployment({ instances: 3 });
    [a, b, c] = deployment.instances as [Instance, Instance, Instance];
    bucket = createS3Client(deployment.s3.clientOptions);
  });
  after(async () => {
    bucket?.destroy();
    await deployment?.close();
  });

  it('renders an upload made through A on B and C: same bytes, one render, one charged operation', async () => {
    const before = await used(a);
    const file = await upload(a, sampleBytes(2));
    const onB = await b.fetch(`/cdn/${file.id}${RENDER}`);
    assert.equal(onB.status, 200);
    assert.equal(onB.headers.get('x-convertly-cache'), 'miss');
    const bytesB = Buffer.from(await onB.arrayBuffer());
    // B writes the shared copy right after answering; C is asked once it is there.
    await eventually('the rendition reaches the bucket', 5000, async () => (await listS3Keys(bucket, `renditions/${file.id}/`)).length === 1);
    const onC = await c.fetch(`/cdn/${file.id}${RENDER}`);
    assert.equal(onC.status, 200);
    assert.equal(onC.headers.get('x-convertly-cache'), 'hit', 'C finds B\'s render in the shared tier');
    assert.ok(Buffer.from(await onC.arrayBuffer()).equals(bytesB));
    assert.equal(await used(c), before + 1);
    // The original itself, streamed from the bucket by an instance that did not store it.
    const original = await c.fetch(`/api/files/${file.id}/original`);
    assert.equal(original.status, 200);
    assert.ok(Buffer.from(await original.arrayBuffer()).equals(sampleBytes(2)));
  });

  it('charges identical misses rendered at once on all three instances once in total', async () => {
    const file = await upload(b, sampleBytes(3));
    const before = await used(a);
    const answers = await Promise.all([a, b, c].map((instance) => instance.fetch(`/cdn/${file.id}?w=320&h=320&gravity=center`)));
    const bodies = await Promise.all(answers.map(async (answer) => ({ status: answer.status, bytes: Buffer.from(await answer.arrayBuffer()) })));
    assert.deepEqual(bodies.map((body) => body.status), [200, 200, 200]);
    assert.ok(bodies.every((body) => body.bytes.equals(bodies[0]!.bytes)), 'every instance answers the same image');
    assert.equal(await used(a), before + 1);
  });

  it('analyzes through C, and B renders a focal point set through A within 1 s', async () => {
    const file = await upload(a, sampleBytes(2));
    const analyzed = await c.fetch('/api/images/analyze', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fileId: file.id }) });
    assert.equal(analyzed.status, 200);
    const stored = (await (await b.fetch(`/api/files/${file.id}`)).json()) as { analysis: unknown };
    assert.ok(stored.analysis !== null, 'B sees the analysis saved through C');
    // B renders (and caches) with the old focal point first.
    const firstWindow = (await b.fetch(`/cdn/${file.id}?w=300&h=600&gravity=focal`)).headers.get('x-convertly-window');
    const moved = await a.fetch(`/api/files/${file.id}/focal`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ x: 0.02, y: 0.5 }) });
    assert.equal(moved.status, 200);
    await eventually('B renders the new focal point', 1000, async () => {
      const answer = await b.fetch(`/cdn/${file.id}?w=300&h=600&gravity=focal`);
      await answer.arrayBuffer();
      const window = answer.headers.get('x-convertly-window');
      return window !== firstWindow && window?.startsWith('0,') === true;
    });
  });

  it('a delete through B is a 404 on A and C within 1 s, on the API and the CDN', async () => {
    const file = await upload(a, sampleBytes(4));
    // A and C hold the file in their caches (and C the rendition in memory) before the delete.
    for (const instance of [a, c]) {
      assert.equal((await instance.fetch(`/api/files/${file.id}`)).status, 200);
      const render = await instance.fetch(`/cdn/${file.id}?w=200&h=200`);
      assert.equal(render.status, 200);
      await render.arrayBuffer();
    }
    assert.equal((await b.fetch(`/api/files/${file.id}`, { method: 'DELETE' })).status, 204);
    for (const instance of [a, c]) {
      await eventually(`${instance.name} forgets the file`, 1000, async () => {
        const [api, cdn] = await Promise.all([instance.fetch(`/api/files/${file.id}`), instance.fetch(`/cdn/${file.id}?w=200&h=200`)]);
        await Promise.all([api.arrayBuffer(), cdn.arrayBuffer()]);
        return api.status === 404 && cdn.status === 404;
      });
    }
  });

  it('counts failed sign-ins on every instance against one limit (5 per account)', async () => {
    const login = (instance: Instance, password: string) =>
      fetch(`${instance.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ADMIN_EMAIL, password }) });
    for (const instance of [a, b, c, a, b]) assert.equal((await login(instance, 'wrong password')).status, 401);
    const refused = await login(c, ADMIN_PASSWORD);
    assert.equal(refused.status, 429, 'the sixth try is refused even with the right password, on an instance that saw none of the five');
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
  });

  it('a key revoked through C is refused by A within 1 s', async () => {
    const created = await a.fetch('/api/keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'short-lived' }) });
    assert.equal(created.status, 201);
    const key = (await created.json()) as { id: string; token: string };
    const asKey = { authorization: `Bearer ${key.token}` };
    assert.equal((await a.fetch('/api/files', { headers: asKey })).status, 200, 'A has the key cached');
    assert.equal((await c.fetch(`/api/keys/${key.id}`, { method: 'DELETE' })).status, 204);
    await eventually('A refuses the revoked key', 1000, async () => (await a.fetch('/api/files', { headers: asKey })).status === 401);
  });
});
