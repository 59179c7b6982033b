import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDetectionMemo } from '../../src/render/detection-memo.js';
import { createDetectorPool, type DetectorPool } from '../../src/workers/detector-pool.js';
import { renderQuery } from '../fixtures/engine-images.js';
import { sampleBytes } from '../fixtures/photos.js';

let real: DetectorPool;
const calls = { faces: 0, objects: 0 };
/** The real pool, counting the detector calls that reach it. */
let counting: DetectorPool;

before(() => {
  real = createDetectorPool({ threads: 1 });
  counting = {
    faces: (...args) => ((calls.faces += 1), real.faces(...args)),
    objects: (...args) => ((calls.objects += 1), real.objects(...args)),
    smartCrop: (...args) => real.smartCrop(...args),
    describe: (...args) => real.describe(...args),
    status: () => real.status(),
    get queueSize() {
      return real.queueSize;
    },
    destroy: () => real.destroy(),
  };
});

after(async () => {
  await real.destroy();
});

describe('the detection memo', () => {
  it('lets a second size of the same original detect nothing and cut the same window', async () => {
    const memo = createDetectionMemo();
    const photo = sampleBytes(2);
    // 16:9 holds all of sample2's faces, so smart runs its people pass too: both detectors must be remembered.
    const first = await renderQuery(photo, { w: '640', h: '360', gravity: 'smart' }, { pool: counting, detectionMemo: memo.entry('sample2') });
    const afterFirst = { ...calls };
    assert.ok(afterFirst.faces >= 1 && afterFirst.objects === 1, JSON.stringify(afterFirst));
    const second = await renderQuery(photo, { w: '320', h: '180', gravity: 'smart' }, { pool: counting, detectionMemo: memo.entry('sample2') });
    assert.deepEqual(calls, afterFirst, 'the second render ran a detector');
    assert.deepEqual(second.decision.window, first.decision.window);
    assert.deepEqual(second.decision.faces, first.decision.faces);
  });

  it('keeps at most its bound of originals, dropping the least recently used', () => {
    const memo = createDetectionMemo(2);
    const a = memo.entry('a');
    a.faces = Promise.resolve([]);
    memo.entry('b');
    memo.entry('a');
    memo.entry('c');
    assert.equal(memo.size, 2);
    assert.equal(memo.entry('a'), a, 'a was used last, so b went');
    assert.equal(memo.size, 2);
  });
});
