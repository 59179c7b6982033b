// Hostile suite (issue 12, item 1): cheap requests that used to cost seconds and gigabytes. Each render runs
// under the server's own deadline (renderDeadline, as RENDER_TIMEOUT_MS does on the server): a regression
// that scales the whole 20000×10 strip again fails here with render_timeout, not with a timed assertion.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { insideSize, noiseRaw, renderQuery } from '../fixtures/engine-images.js';
import { sampleBytes } from '../fixtures/photos.js';
import { renderDeadline } from '../../src/render/render-deadline.js';
import { createDetectorPool, type DetectorPool } from '../../src/workers/detector-pool.js';

/**
 * Far longer than any of these renders needs once bounded (well under a second idle), with room for a loaded
 * CI machine (8 s failed once at load 20 on 2 cores); the unbounded renders took 10–100 s and 2.6–6.4 GB, and the
 * smart 1000×1000 row alone took over 60 s, so a regression still fails here.
 */
const DEADLINE_MS = 15_000;

let pool: DetectorPool;
const strips: Record<string, Buffer> = {};

before(async () => {
  pool = createDetectorPool({ threads: 1 });
  const wide = noiseRaw({ width: 20000, height: 10 });
  const tall = noiseRaw({ width: 10, height: 20000 });
  strips.wide = await sharp(wide.data, { raw: wide.raw }).png().toBuffer();
  strips.tall = await sharp(tall.data, { raw: tall.raw }).png().toBuffer();
});

after(async () => {
  await pool.destroy();
});

const CASES = [
  ['wide', '500', '500', { gravity: 'auto' }],
  ['wide', '1000', '1000', { gravity: 'smart' }],
  ['wide', '800', '600', { gravity: 'entropy' }],
  ['wide', '500', '500', { gravity: 'face' }],
  ['wide', '500', '500', { gravity: 'faces' }],
  ['wide', '700', '700', { gravity: 'northwest' }],
  ['wide', '500', '500', { fp: '0.9,0.5' }],
  ['tall', '1000', '1000', { gravity: 'auto' }],
  ['tall', '640', '480', { gravity: 'smart' }],
  ['tall', '500', '500', { gravity: 'entropy' }],
] as const;

describe('extreme aspects render within the deadline', () => {
  for (const [strip, w, h, focus] of CASES) {
    it(`${strip} strip at ${w}×${h} ${JSON.stringify(focus)}`, async () => {
      const input = strips[strip]!;
      const result = await renderQuery(input, { w, h, ...focus }, { pool, deadline: renderDeadline(DEADLINE_MS) });
      assert.equal(result.width, Number(w));
      assert.equal(result.height, Number(h));
      const source = strip === 'wide' ? { width: 20000, height: 10 } : { width: 10, height: 20000 };
      assert.ok(insideSize(source, result.decision.window), JSON.stringify(result.decision.window));
    });
  }

  for (const gravity of ['auto', 'entropy', 'smart', 'center'] as const) {
    it(`w=1&h=8192&gravity=${gravity} on a 1920 px photo`, async () => {
      const result = await renderQuery(sampleBytes(2), { w: '1', h: '8192', gravity }, { pool, deadline: renderDeadline(DEADLINE_MS) });
      assert.equal(result.width, 1);
      assert.equal(result.height, 8192);
      assert.equal(result.decision.window.width, 1);
    });
  }

  it('a render past its deadline is a 503 render_timeout', async () => {
    await assert.rejects(
      renderQuery(sampleBytes(3), { w: '300', h: '300', gravity: 'smart' }, { pool, deadline: renderDeadline(0) }),
      (error: { code?: string; status?: number }) => error.code === 'render_timeout' && error.status === 503,
    );
  });
});
