// planRender is pure: these rows pin which sharp steps each shape becomes. test/engine/decoded-source.test.ts
// and determinism.test.ts check the executed plans against real sharp.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planRender } from '../../src/engine/plan-render.js';
import { PLAIN_OPERATIONS, type RenderOperations } from '../../src/engine/render-operations.js';
import type { SourceInfo } from '../../src/engine/source-info.js';

const PHOTO: SourceInfo = { format: 'jpeg', width: 1920, height: 1280, hasAlpha: false, orientation: 1, channels: 3, depth: 'uchar', space: 'srgb', pages: 1, iccToSrgb: 'changes' };
const PNG: SourceInfo = { ...PHOTO, format: 'png' };

describe('planRender', () => {
  it('keeps the source size when no side is given', () => {
    assert.deepEqual(planRender(PHOTO, { kind: 'resize', width: undefined, height: undefined, fit: 'cover' }, true), {
      decode: { kind: 'direct' }, orient: null, trim: null, cut: null, flatten: null, resize: null, rotate: null,
      extract: null, extend: null, blur: null, sharpen: null,
    });
  });

  it('resizes the whole source and extracts the scaled window for a chosen window', () => {
    const plan = planRender(PNG, { kind: 'crop', output: { width: 300, height: 300 }, decision: { kind: 'window', window: { x: 640, y: 0, width: 1280, height: 1280 } } }, false);
    assert.deepEqual(plan.resize, { width: 450, height: 300, fit: 'fill' });
    assert.deepEqual(plan.extract, { x: 150, y: 0, width: 300, height: 300 });
  });

  it('cuts a bounded crop\'s window from the source before scaling it, never the whole source', () => {
    const strip: SourceInfo = { ...PNG, width: 20000, height: 10 };
    const window = { x: 9995, y: 0, width: 10, height: 10 };
    const plan = planRender(strip, { kind: 'crop', output: { width: 500, height: 500 }, decision: { kind: 'window', window } }, true);
    assert.deepEqual(plan.decode, { kind: 'direct' });
    assert.deepEqual(plan.cut, window);
    assert.deepEqual(plan.resize, { width: 500, height: 500, fit: 'fill' });
    assert.equal(plan.extract, null);
    assert.equal(plan.extend, null);
  });

  it('lets libvips pick the window with its strategy', () => {
    const plan = planRender(PNG, { kind: 'crop', output: { width: 300, height: 300 }, decision: { kind: 'sharp', strategy: 'entropy' } }, false);
    assert.deepEqual(plan.resize, { width: 300, height: 300, fit: 'cover', position: 'entropy' });
    assert.equal(plan.extract, null);
  });

  it('decodes directly without a cache, and through the intermediate with one', () => {
    const shape = { kind: 'resize', width: 400, height: 400, fit: 'contain' } as const;
    assert.equal(planRender(PHOTO, shape, false).decode.kind, 'direct');
    const cached = planRender(PHOTO, shape, true);
    assert.equal(cached.decode.kind, 'intermediate');
    // From the intermediate, contain is a fill to the size sharp gives the source, then centred borders.
    assert.equal(cached.resize?.fit, 'fill');
    const { extend, resize } = cached;
    assert.ok(extend !== null && resize !== null && resize.width !== null && resize.height !== null);
    assert.equal(resize.width + extend.left + extend.right, 400);
    assert.equal(resize.height + extend.top + extend.bottom, 400);
  });

  const turned = (quarter: 0 | 1 | 2 | 3, extra: Partial<RenderOperations> = {}): RenderOperations => ({
    ...PLAIN_OPERATIONS,
    orientation: { quarter, flip: false, flop: false },
    ...extra,
  });

  it('turns after the resize for a window crop: the resize has the unturned sides, the extract is in the turned frame', () => {
    // Turned, the source is 1280×1920; a 300×300 crop of the window at y=320 of the turned image.
    const shape = { kind: 'crop', output: { width: 300, height: 300 }, decision: { kind: 'window', window: { x: 0, y: 320, width: 1280, height: 1280 } } } as const;
    const plan = planRender(PNG, shape, false, turned(1));
    assert.deepEqual(plan.orient, { quarter: 1, flip: false, flop: false, before: false });
    assert.deepEqual(plan.resize, { width: 450, height: 300, fit: 'fill' });
    assert.deepEqual(plan.extract, { x: 0, y: 75, width: 300, height: 300 });
  });

  it('turns before the resize when sharp would embed or let libvips crop with swapped sides', () => {
    const contain = planRender(PHOTO, { kind: 'resize', width: 400, height: 300, fit: 'contain' }, true, turned(1));
    assert.equal(contain.orient?.before, true);
    assert.equal(contain.decode.kind, 'direct');
    assert.deepEqual(contain.resize, { width: 400, height: 300, fit: 'contain', background: PLAIN_OPERATIONS.background });
    const attention = planRender(PNG, { kind: 'crop', output: { width: 300, height: 200 }, decision: { kind: 'sharp', strategy: 'attention' } }, false, turned(3));
    assert.equal(attention.orient?.before, true);
    // A half turn keeps the sides, so it can still come after.
    assert.equal(planRender(PHOTO, { kind: 'resize', width: 400, height: 300, fit: 'contain' }, false, turned(2)).orient?.before, false);
  });

  it('swaps a plain resize’s sides for a quarter turn after it', () => {
    const plan = planRender(PNG, { kind: 'resize', width: 300, height: undefined, fit: 'cover' }, false, turned(1));
    assert.deepEqual(plan.resize, { width: null, height: 300, fit: 'inside' });
  });

  it('cuts the window before resizing when another angle follows, and adds pad to the borders', () => {
    const shape = { kind: 'crop', output: { width: 300, height: 300 }, decision: { kind: 'window', window: { x: 640, y: 0, width: 1280, height: 1280 } } } as const;
    const plan = planRender(PNG, shape, true, { ...PLAIN_OPERATIONS, angle: 30, pad: { left: 1, top: 2, right: 3, bottom: 4 } });
    assert.deepEqual(plan.cut, { x: 640, y: 0, width: 1280, height: 1280 });
    assert.deepEqual(plan.resize, { width: 300, height: 300, fit: 'fill' });
    assert.equal(plan.extract, null);
    assert.deepEqual(plan.rotate, { angle: 30, background: PLAIN_OPERATIONS.background });
    assert.deepEqual(plan.extend, { left: 1, top: 2, right: 3, bottom: 4, background: PLAIN_OPERATIONS.background });
  });

  it('leaves a compass window to libvips\' cover crop when another angle follows (no cut: JPEG shrink-on-load stays)', () => {
    const window = { x: 320, y: 0, width: 1280, height: 1280 };
    const shape = { kind: 'crop', output: { width: 300, height: 300 }, decision: { kind: 'window', window, compass: 'center' } } as const;
    const plan = planRender(PHOTO, shape, false, { ...PLAIN_OPERATIONS, angle: 30 });
    assert.equal(plan.cut, null);
    assert.deepEqual(plan.resize, { width: 300, height: 300, fit: 'cover', position: 'center' });
    assert.deepEqual(plan.rotate, { angle: 30, background: PLAIN_OPERATIONS.background });
    // Without a turn the window is cut as any other (resize, then extract).
    const upright = planRender(PHOTO, shape, false, PLAIN_OPERATIONS);
    assert.deepEqual(upright.extract, { x: 75, y: 0, width: 300, height: 300 });
  });
});
