import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { largestWindow } from '../../src/geometry/focal-window.js';
import { subjectWindow, unionRect } from '../../src/geometry/subject-window.js';
import type { Rect } from '../../src/geometry/types.js';
import { assertInside, sourceSize, targetSize } from './arbitraries.js';

describe('subjectWindow', () => {
  it('centres a subject that fits', () => {
    const window = subjectWindow({ width: 2000, height: 1000 }, { width: 1, height: 1 }, { x: 1500, y: 200, width: 200, height: 600 });
    assert.deepEqual(window, { x: 1000, y: 0, width: 1000, height: 1000 });
    const middle = subjectWindow({ width: 2000, height: 1000 }, { width: 1, height: 1 }, { x: 700, y: 200, width: 200, height: 600 });
    assert.deepEqual(middle, { x: 300, y: 0, width: 1000, height: 1000 });
  });

  it('keeps the face and as much of a tall person as a wide window can hold', () => {
    // A 16:9 window of a 1000×1500 portrait is 563 px tall; the person is 1200 px tall, the face at the top.
    const person: Rect = { x: 300, y: 250, width: 400, height: 1200 };
    const face: Rect = { x: 420, y: 280, width: 150, height: 180 };
    const window = subjectWindow({ width: 1000, height: 1500 }, { width: 16, height: 9 }, person, face);
    assert.equal(window.height, 563);
    assert.ok(window.y <= face.y && window.y + window.height >= face.y + face.height, 'the face is kept');
    assert.ok(window.y >= person.y && window.y + window.height <= person.y + person.height, 'the window lies wholly on the person');
  });

  it('without a part to keep, covers the middle of a subject larger than the window', () => {
    const window = subjectWindow({ width: 1000, height: 1500 }, { width: 16, height: 9 }, { x: 0, y: 100, width: 1000, height: 1300 });
    assert.equal(window.y, Math.round(750 - 563 / 2));
  });

  it('is always the largest window of the aspect, inside the source, in whole pixels', () => {
    fc.assert(
      fc.property(sourceSize, targetSize, fc.record({ x: fc.double({ min: -100, max: 10_000, noNaN: true }), y: fc.double({ min: -100, max: 10_000, noNaN: true }), width: fc.double({ min: 0, max: 10_000, noNaN: true }), height: fc.double({ min: 0, max: 10_000, noNaN: true }) }), (source, target, subject) => {
        const window = subjectWindow(source, target, subject, subject);
        assertInside(source, window);
        assert.deepEqual({ width: window.width, height: window.height }, largestWindow(source, target));
      }),
    );
  });
});

describe('unionRect', () => {
  it('holds every rectangle', () => {
    assert.deepEqual(unionRect([{ x: 10, y: 20, width: 5, height: 5 }, { x: 0, y: 30, width: 2, height: 10 }]), { x: 0, y: 20, width: 15, height: 20 });
  });
});
