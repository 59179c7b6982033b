import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { mapRect } from '../../src/geometry/map-rect.js';

describe('mapRect', () => {
  it('scales each axis by its own ratio', () => {
    assert.deepEqual(mapRect({ x: 10, y: 20, width: 30, height: 40 }, { width: 448, height: 299 }, { width: 1920, height: 1280 }), {
      x: 43,
      y: 86,
      width: 128,
      height: 171,
    });
  });

  it('keeps a box that touches the preview edge inside the source (a rounded preview height must not push it past)', () => {
    const source = { width: 1920, height: 560 };
    const preview = { width: 448, height: 131 };
    const box = mapRect({ x: 400, y: 100, width: 48, height: 31 }, preview, source);
    assert.equal(box.y + box.height, 560);
    assert.equal(box.x + box.width, 1920);
  });

  it('always returns a non-empty rectangle inside the target', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 9000 }), fc.integer({ min: 1, max: 9000 }),
        fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
        (fw, fh, tw, th, a, b, c, d) => {
          const x = a * fw;
          const y = b * fh;
          const r = mapRect({ x, y, width: c * (fw - x), height: d * (fh - y) }, { width: fw, height: fh }, { width: tw, height: th });
          assert.ok(r.width >= 1 && r.height >= 1 && r.x >= 0 && r.y >= 0 && r.x + r.width <= tw && r.y + r.height <= th, JSON.stringify(r));
        },
      ),
    );
  });
});
