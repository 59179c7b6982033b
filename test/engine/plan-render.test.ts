// planRender is pure: these rows pin which sharp steps each shape becomes. test/engine/decoded-source.test.ts
// and determinism.test.ts check the executed plans against real sharp.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planRender } from '../../src/engine/plan-render.js';
import type { SourceInfo } from '../../src/engine/source-info.js';

const PHOTO: SourceInfo = { format: 'jpeg', width: 1920, height: 1280, hasAlpha: false, orientation: 1, channels: 3, depth: 'uchar', space: 'srgb' };
const PNG: SourceInfo = { ...PHOTO, format: 'png' };

describe('planRender', () => {
  it('keeps the source size when no side is given', () => {
    assert.deepEqual(planRender(PHOTO, { kind: 'resize', width: undefined, height: undefined, fit: 'cover' }, true), {
      decode: { kind: 'direct' }, resize: null, extract: null, extend: null,
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
    assert.deepEqual(plan, { decode: { kind: 'direct' }, cut: window, resize: { width: 500, height: 500, fit: 'fill' }, extract: null, extend: null });
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
});
