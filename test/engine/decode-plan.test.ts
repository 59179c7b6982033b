// Which renders go through a decoded intermediate, and at which shrink: pure functions of the source's
// header and the resize. resizedSize is checked against real sharp, since it must predict sharp's rounding.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import sharp from 'sharp';
import {
  MAX_INTERMEDIATE_PIXELS,
  jpegShrinkOnLoad,
  planDecode,
  resizeShrink,
  resizedSize,
  type ResizeCall,
} from '../../src/engine/decode-plan.js';
import type { SourceInfo } from '../../src/engine/source-info.js';
import { FITS } from '../../src/params/vocabulary.js';
import { sampleBytes } from '../fixtures/photos.js';

const PHOTO: SourceInfo = { format: 'jpeg', width: 1920, height: 1280, hasAlpha: false, orientation: 1, channels: 3, depth: 'uchar', space: 'srgb', pages: 1, iccToSrgb: 'changes' };
const fill = (width: number, height: number): ResizeCall => ({ width, height, fit: 'fill' });

describe('jpegShrinkOnLoad', () => {
  // sharp halves its pick when the shrink's integer part equals it, so each class starts one above.
  const table: Array<[number, number]> = [[1, 1], [2, 1], [2.99, 1], [3, 2], [4.99, 2], [5, 4], [8.99, 4], [9, 8], [40, 8]];
  for (const [shrink, load] of table) it(`loads at 1/${load} for a shrink of ${shrink}`, () => assert.equal(jpegShrinkOnLoad(shrink), load));
});

describe('resizeShrink', () => {
  const table: Array<[ResizeCall, number]> = [
    [fill(600, 400), 3.2],
    [fill(600, 200), 3.2],
    [{ width: 400, height: 400, fit: 'cover' }, 3.2],
    [{ width: 400, height: 400, fit: 'outside' }, 3.2],
    [{ width: 400, height: 400, fit: 'inside' }, 4.8],
    [{ width: 400, height: 400, fit: 'contain' }, 4.8],
    [{ width: 640, height: null, fit: 'inside' }, 3],
    [{ width: null, height: 128, fit: 'inside' }, 10],
    [{ width: 640, height: null, fit: 'fill' }, 1],
  ];
  for (const [call, shrink] of table) {
    it(`${call.width}×${call.height} ${call.fit} shrinks 1920×1280 by ${shrink}`, () => assert.equal(resizeShrink(PHOTO, call), shrink));
  }
});

describe('planDecode', () => {
  it('picks the class edge as the shrink and the source divided by it, rounded down, as the intermediate', () => {
    const table: Array<[ResizeCall, number, number, number]> = [
      [fill(960, 640), 2, 960, 640],
      [fill(768, 512), 2, 960, 640],
      [fill(640, 427), 2, 960, 640],
      [fill(640, 426), 3, 640, 426],
      [fill(600, 400), 3, 640, 426],
      [fill(384, 256), 5, 384, 256],
      [fill(213, 142), 9, 213, 142],
      [fill(40, 27), 9, 213, 142],
    ];
    for (const [call, shrink, width, height] of table) {
      assert.deepEqual(planDecode(PHOTO, call), { kind: 'intermediate', shrink, width, height }, `${call.width}×${call.height}`);
    }
  });

  it('decodes directly what an intermediate cannot render like the source', () => {
    const direct: Array<[string, SourceInfo, ResizeCall | null]> = [
      ['no resize', PHOTO, null],
      ['a shrink under 2', PHOTO, fill(1000, 700)],
      ['an enlargement', PHOTO, fill(3840, 2560)],
      ['PNG', { ...PHOTO, format: 'png' }, fill(600, 400)],
      ['WebP', { ...PHOTO, format: 'webp' }, fill(600, 400)],
      ['alpha', { ...PHOTO, hasAlpha: true, channels: 4 }, fill(600, 400)],
      ['CMYK', { ...PHOTO, channels: 4, space: 'cmyk' }, fill(600, 400)],
      ['grey', { ...PHOTO, channels: 1, space: 'b-w' }, fill(600, 400)],
      ['16-bit', { ...PHOTO, depth: 'ushort', space: 'rgb16' }, fill(600, 400)],
      ['an intermediate over the pixel cap', { ...PHOTO, width: 8000, height: 6000 }, fill(3000, 2000)],
      ['a side that rounds past the intermediate', { ...PHOTO, width: 4000, height: 14 }, { width: 9000, height: 11, fit: 'inside' }],
    ];
    for (const [name, source, call] of direct) assert.deepEqual(planDecode(source, call), { kind: 'direct' }, name);
  });

  it('treats EXIF orientation as already applied (sizes are the displayed ones)', () => {
    const portrait = { ...PHOTO, width: 1280, height: 1920, orientation: 6 };
    assert.deepEqual(planDecode(portrait, fill(400, 600)), { kind: 'intermediate', shrink: 3, width: 426, height: 640 });
  });

  it('never plans an intermediate smaller than the resize or over the pixel cap', () => {
    const size = fc.integer({ min: 1, max: 5000 });
    const side = fc.option(fc.integer({ min: 1, max: 3000 }), { nil: null });
    fc.assert(
      fc.property(size, size, side, side, fc.constantFrom(...FITS), (width, height, w, h, fit) => {
        const source = { ...PHOTO, width, height };
        const call: ResizeCall = { width: w, height: h, fit };
        const plan = planDecode(source, call);
        if (plan.kind === 'direct') return;
        const resized = resizedSize(source, call);
        assert.ok(plan.width >= resized.width && plan.height >= resized.height, `${plan.width}×${plan.height} < ${resized.width}×${resized.height}`);
        assert.ok(plan.width * plan.height <= MAX_INTERMEDIATE_PIXELS);
        assert.ok(resizeShrink(source, call) >= plan.shrink);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('resizedSize', () => {
  it('predicts the size sharp resizes a JPEG to, orientation and odd sides included', async () => {
    const shapes: Array<[number, number, number]> = [[1920, 1367, 1], [1921, 1283, 1], [1283, 1921, 6], [997, 613, 1]];
    const calls: ResizeCall[] = [
      { width: null, height: 106, fit: 'inside' },
      { width: 603, height: 401, fit: 'inside' },
      { width: 517, height: 413, fit: 'outside' },
      { width: 352, height: null, fit: 'inside' },
      { width: 9, height: 457, fit: 'inside' },
      { width: 300, height: 300, fit: 'contain' },
      { width: 640, height: 300, fit: 'fill' },
    ];
    for (const [width, height, orientation] of shapes) {
      const stored = orientation === 1 ? [width, height] : [height, width];
      let jpeg = sharp(sampleBytes(2)).resize(stored[0], stored[1], { fit: 'fill' });
      if (orientation !== 1) jpeg = jpeg.withMetadata({ orientation });
      const bytes = await jpeg.jpeg().toBuffer();
      for (const call of calls) {
        const fit = call.fit === 'contain' ? 'inside' : call.fit;
        const { info } = await sharp(bytes).autoOrient().resize(call.width, call.height, { fit }).raw().toBuffer({ resolveWithObject: true });
        const label = `${width}×${height} (orientation ${orientation}) → ${call.width}×${call.height} ${call.fit}`;
        assert.deepEqual(resizedSize({ width, height }, call), { width: info.width, height: info.height }, label);
      }
    }
  });
});
