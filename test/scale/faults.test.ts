// Issue 13 fault tests: `kill -9` one of three instances in the middle of a stream of uploads and renders,
// and stop the bucket mid-run and start it again. Every upload answered 2xx stays readable byte for byte
// through the survivors, and no client ever gets a 200 with half an image.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { sampleBytes } from '../fixtures/photos.js';
import { startDeployment, type Deployment, type Instance } from './deployment.js';

interface Outcome {
  readonly kind: 'upload' | 'render';
  readonly status: number | 'network-error';
}

/** Small, distinct originals: the stream's uploads must be told apart byte for byte. */
async function makeOriginals(count: number): Promise<Buffer[]> {
  const base = sharp(sampleBytes(2)).resize(480);
  return Promise.all(Array.from({ length: count }, (_, i) => base.clone().jpeg({ quality: 60 + (i % 35) }).withMetadata({ exif: { IFD0: { ImageDescription: `original ${i}` } } }).toBuffer()));
}

/** A whole image: as many bytes as announced, and libvips decodes it to the end. */
async function assertWholeImage(body: Buffer, announced: string | null): Promise<void> {
  if (announced !== null) assert.equal(body.length, Number(announced), 'body as long as Content-Length');
  await sharp(body, { failOn: 'truncated' }).raw().toBuffer();
}

describe('faults with three instances', () => {
  let deployment: Deployment;
  let seedId = '';
  before(async () => {
    deployment = await startDeployment({ instances: 3 });
    const seeded = await deployment.instances[1]!.fetch('/api/files', { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: sampleBytes(3) });
    seedId = ((await seeded.json()) as { id: string }).id;
  });
  after(() => deployment?.close());

  /** Runs `steps` operations, four at a time, spread over `instances`; calls `midway` once a third are done. */
  async function stream(instances: () => readonly Instance[], originals: Buffer[], steps: number, midway: () => Promise<void>) {
    const accepted: { id: string; bytes: Buffer }[] = [];
    const outcomes: Outcome[] = [];
    let next = 0;
    let fired = false;
    const worker = async () => {
      while (next < steps) {
        const step = next++;
        if (!fired && step >= steps / 3) {
          fired = true;
          await midway();
        }
        const live = instances();
        const instance = live[step % live.length]!;
        try {
          if (step % 2 === 0) {
            const bytes = originals[step % originals.length]!;
            const response = await instance.fetch('/api/files', { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: bytes });
            const body = (await response.json()) as { id?: string };
            outcomes.push({ kind: 'upload', status: response.status });
            if (response.status === 201 && body.id) accepted.push({ id: body.id, bytes });
          } else {
            const response = await instance.fetch(`/cdn/${seedId}?w=${120 + (step % 7) * 40}&h=160&f=jpeg`);
            const body = Buffer.from(await response.arrayBuffer());
            outcomes.push({ kind: 'render', status: response.status });
            if (response.status === 200) await assertWholeImage(body, response.headers.get('content-length'));
          }
        } catch (error) {
          // A connection cut by the kill: the client sees an error, never a short 200.
          if (error instanceof assert.AssertionError) throw error;
          outcomes.push({ kind: step % 2 === 0 ? 'upload' : 'render', status: 'network-error' });
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    return { accepted, outcomes };
  }

  async function assertReadable(accepted: readonly { id: string; bytes: Buffer }[], through: readonly Instance[]) {
    for (const [index, { id, bytes }] of accepted.entries()) {
      const instance = through[index % through.length]!;
      const original = await instance.fetch(`/api/files/${id}/original`);
      assert.equal(original.status, 200, `${id} through ${instance.name}`);
      assert.ok(Buffer.from(await original.arrayBuffer()).equals(bytes), `${id} byte for byte`);
    }
  }

  it('kill -9 of one instance mid-stream loses no accepted upload and sends no half image', async () => {
    const [a, b, c] = deployment.instances as [Instance, Instance, Instance];
    let live: Instance[] = [a, b, c];
    const originals = await makeOriginals(12);
    const { accepted, outcomes } = await stream(() => live, originals, 48, async () => {
      await a.kill();
      live = [b, c];
    });
    assert.ok(accepted.length >= 12, `most uploads went through (${accepted.length})`);
    assert.ok(outcomes.every((outcome) => outcome.status === 'network-error' || outcome.status === 200 || outcome.status === 201), JSON.stringify(outcomes.filter((o) => typeof o.status === 'number' && o.status >= 300)));
    await assertReadable(accepted, [b, c]);
  });

  it('the bucket stopped and started mid-stream: 503s while it is down, nothing accepted is lost', async () => {
    const survivors = deployment.instances.slice(1);
    const originals = await makeOriginals(6);
    const { accepted, outcomes } = await stream(() => survivors, originals, 36, async () => {
      await deployment.s3.stop();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await deployment.s3.start();
    });
    const statuses = new Set(outcomes.map((outcome) => outcome.status));
    for (const status of statuses) assert.ok(status === 200 || status === 201 || status === 503, `unexpected ${String(status)}`);
    assert.ok(accepted.length > 0);
    await assertReadable(accepted, survivors);
    // Still serving afterwards, with no restart.
    for (const instance of survivors) assert.equal((await instance.fetch('/readyz')).status, 200);
  });
});
