// Animated GIF and WebP: they stay animated in gif and webp with their frame count, delays and loop; every
// frame is cut by the same window (each output frame is compared with sharp cutting that frame by hand);
// frame=N is the Nth frame; the work is bounded (413); what cannot apply to every frame alike is a 400.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { isAppError } from '../../src/errors/app-error.js';
import type { Rect } from '../../src/geometry/types.js';
import type { RenderResult } from '../../src/render/render-result.js';
import { createLazyDetectorPool } from '../../src/workers/lazy-detector-pool.js';
import type { DetectorPool } from '../../src/workers/detector-pool.js';
import { animatedGif, type Animation } from '../fixtures/animated.js';
import { renderQuery, type Query } from '../fixtures/engine-images.js';

const FRAMES = 10;
let pool: DetectorPool;
let animation: Animation;
let webp: Buffer;

before(async () => {
  pool = createLazyDetectorPool({ threads: 1 });
  animation = await animatedGif({ frames: FRAMES, width: 240, height: 135 });
  webp = await sharp(animation.gif, { animated: true }).webp({ effort: 0 }).toBuffer();
});

after(async () => {
  await pool.destroy();
});

/** One frame of an image, as RGB pixels (libvips composes every GIF frame in full). */
async function framePixels(image: Buffer, page: number): Promise<Buffer> {
  return sharp(image, { page }).removeAlpha().raw().toBuffer();
}

function meanDifference(a: Buffer, b: Buffer): number {
  assert.equal(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** Frame `page` of the source cut by `window` and scaled to the output by sharp, by hand. */
async function cutByHand(source: Buffer, page: number, window: Rect, width: number, height: number): Promise<Buffer> {
  const { x, y } = window;
  return sharp(source, { page })
    .extract({ left: x, top: y, width: window.width, height: window.height })
    .resize(width, height, { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer();
}

/**
 * Every output frame matches sharp cutting that same source frame by the reported window (within lossy
 * encoding), and is clearly
 * further from a window 12 px away: no frame was cut anywhere else.
 */
async function assertSameWindowOnEveryFrame(result: RenderResult, source: Buffer): Promise<void> {
  const { window } = result.decision;
  const shifted = { ...window, x: window.x >= 12 ? window.x - 12 : window.x + 12 };
  for (let page = 0; page < FRAMES; page++) {
    const ours = await framePixels(result.data, page);
    const near = meanDifference(ours, await cutByHand(source, page, window, result.width, result.height));
    const far = meanDifference(ours, await cutByHand(source, page, shifted, result.width, result.height));
    assert.ok(near < 8, `frame ${page + 1}: mean difference ${near.toFixed(2)} from the window cut by hand`);
    assert.ok(far > near * 3, `frame ${page + 1}: a window 12 px away is as close (${far.toFixed(2)} vs ${near.toFixed(2)})`);
  }
}

async function render(input: Buffer, query: Query, accept?: string): Promise<RenderResult> {
  return renderQuery(input, query, { pool, accept });
}

describe('animated GIF', () => {
  it('stays an animated GIF with its frame count, delays and loop, every frame cut by one window (gravity=smart)', async () => {
    const result = await render(animation.gif, { w: '96', h: '96', gravity: 'smart', f: 'gif' });
    assert.equal(result.frames, FRAMES);
    assert.deepEqual([result.width, result.height], [96, 96]);
    const meta = await sharp(result.data).metadata();
    assert.equal(meta.pages, FRAMES);
    assert.deepEqual(meta.delay, animation.delays);
    assert.equal(meta.loop, animation.loop);
    assert.equal(result.decision.window.height, 135);
    await assertSameWindowOnEveryFrame(result, animation.gif);
  });

  for (const gravity of ['auto', 'entropy', 'northeast'] as const) {
    it(`gravity=${gravity}: one window, chosen on the first frame, for every frame`, async () => {
      const result = await render(animation.gif, { w: '80', h: '120', gravity, f: 'gif' });
      assert.equal(result.frames, FRAMES);
      await assertSameWindowOnEveryFrame(result, animation.gif);
      // The window is the one a still render of the first frame picks.
      const first = await render(await sharp(animation.gif).png().toBuffer(), { w: '80', h: '120', gravity, f: 'png' });
      assert.deepEqual(result.decision.window, first.decision.window);
    });
  }

  it('a plain resize, contain with bg and pad, and flip=h keep every frame', async () => {
    for (const query of [{ w: '120' }, { w: '100', h: '100', fit: 'contain', bg: 'ff0000', pad: '4' }, { w: '100', h: '100', flip: 'h' }]) {
      const result = await render(animation.gif, { ...query, f: 'gif' });
      const meta = await sharp(result.data).metadata();
      assert.equal(meta.pages, FRAMES, JSON.stringify(query));
      assert.deepEqual(meta.delay, animation.delays, JSON.stringify(query));
    }
  });

  it('f=auto keeps it animated: WebP when accepted, else GIF (never AVIF or a still JPEG)', async () => {
    const accepting = await render(animation.gif, { w: '64', h: '64', f: 'auto' }, 'image/avif,image/webp,*/*');
    assert.equal(accepting.format, 'webp');
    assert.equal((await sharp(accepting.data).metadata()).pages, FRAMES);
    const old = await render(animation.gif, { w: '64', h: '64', f: 'auto' }, 'image/avif,image/png,*/*');
    assert.equal(old.format, 'gif');
    assert.equal((await sharp(old.data).metadata()).pages, FRAMES);
  });

  it('an explicit still format shows the first frame; frame=N shows the Nth', async () => {
    const still = await render(animation.gif, { w: '96', h: '96', f: 'png' });
    assert.equal(still.frames, 1);
    for (const frame of [1, 4, FRAMES]) {
      const result = await render(animation.gif, { w: '96', h: '96', f: 'png', frame: String(frame) });
      assert.equal(result.frames, 1);
      assert.equal((await sharp(result.data).metadata()).pages, undefined);
      const byHand = await cutByHand(animation.gif, frame - 1, result.decision.window, 96, 96);
      const ours = await framePixels(result.data, 0);
      assert.ok(meanDifference(ours, byHand) < 3, `frame=${frame}`);
      const neighbour = await cutByHand(animation.gif, frame === 1 ? 1 : frame - 2, result.decision.window, 96, 96);
      assert.ok(meanDifference(ours, neighbour) > meanDifference(ours, byHand) * 1.5, `frame=${frame} is not its neighbour`);
    }
    // frame=N with gif or webp is one frame too, and f=auto negotiates it as a still.
    const gifFrame = await render(animation.gif, { w: '96', h: '96', f: 'gif', frame: '2' });
    assert.equal((await sharp(gifFrame.data).metadata()).pages ?? 1, 1);
    const negotiated = await render(animation.gif, { w: '96', h: '96', f: 'auto', frame: '2' }, 'image/avif,image/webp');
    assert.equal(negotiated.format, 'avif');
  });

  it('frames × output pixels over the limit is 413 image_too_large, before anything is decoded', async () => {
    const limits = { maxInputPixels: 100_000_000, maxAnimationPixels: FRAMES * 96 * 96 - 1 };
    await assert.rejects(renderQuery(animation.gif, { w: '96', h: '96', f: 'gif' }, { pool, limits }), (error: unknown) => {
      assert.ok(isAppError(error) && error.code === 'image_too_large' && error.status === 413);
      assert.match(error.message, /10 frames at 96×96/);
      return true;
    });
    // The same size is fine as one frame, and a smaller animation is within the limit.
    await renderQuery(animation.gif, { w: '96', h: '96', f: 'gif', frame: '1' }, { pool, limits });
    await renderQuery(animation.gif, { w: '90', h: '90', f: 'gif' }, { pool, limits });
    // Every decoded frame counts against the input limit: 10 frames of 240×135 are 324,000 pixels.
    await assert.rejects(renderQuery(animation.gif, { w: '50', f: 'gif' }, { pool, limits: { maxInputPixels: 300_000 } }), /10 frames of 240×135/);
  });

  it('bad cases are 400s that name the parameter', async () => {
    const cases: ReadonlyArray<readonly [Query, string]> = [
      [{ frame: '11' }, 'frame'],
      [{ rot: '90' }, 'rot'],
      [{ rot: '45' }, 'rot'],
      [{ flip: 'v' }, 'flip'],
      [{ w: '50', h: '50', trim: '10' }, 'trim'],
      [{ blur: '2' }, 'blur'],
      [{ sharpen: '1' }, 'sharpen'],
      [{ mark: 'f_logo' }, 'mark'],
    ];
    for (const [query, name] of cases) {
      await assert.rejects(render(animation.gif, { w: '64', f: 'gif', ...query }), (error: unknown) => {
        assert.ok(isAppError(error) && error.code === 'invalid_parameter', JSON.stringify(query));
        assert.equal(error.details?.parameter, name);
        return true;
      });
    }
    // The same operations on one frame are fine.
    await render(animation.gif, { w: '64', f: 'gif', rot: '90', frame: '2' });
    const still = await sharp(animation.gif).png().toBuffer();
    await assert.rejects(render(still, { w: '64', frame: '2' }), /from 1 to 1 \(this image has 1 frame\)/);
  });
});

describe('animated WebP', () => {
  it('stays an animated WebP with its frames and delays, every frame cut by one window', async () => {
    const result = await render(webp, { w: '96', h: '96', gravity: 'smart', f: 'webp' });
    const meta = await sharp(result.data).metadata();
    assert.equal(meta.pages, FRAMES);
    assert.deepEqual(meta.delay, animation.delays);
    assert.equal(meta.loop, animation.loop);
    await assertSameWindowOnEveryFrame(result, webp);
    // To GIF as well.
    const gif = await render(webp, { w: '64', h: '64', f: 'gif' });
    assert.equal((await sharp(gif.data).metadata()).pages, FRAMES);
  });
});
