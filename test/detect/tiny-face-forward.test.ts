import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFaceModel } from '../../src/detect/face-model.js';
import { detectFaces } from '../../src/detect/faces.js';
import { samplePath } from '../fixtures/photos.js';
import { photoPixels } from '../fixtures/raw-pixels.js';

describe('TinyFaceDetector fused forward pass', () => {
  it('finds the same faces as face-api’s own pass, boxes and scores equal up to float rounding', async () => {
    const model = await loadFaceModel();
    assert.equal(model.fused, true);
    const net = model.api.nets.tinyFaceDetector;
    const fused = net.forwardInput;
    const own = (Object.getPrototypeOf(net) as { forwardInput: typeof fused }).forwardInput;
    // A wide sample (pad-to-square in the input) and a square crop of a group, at two input sizes.
    for (const [n, side, inputSize] of [[1, 448, 448], [5, 320, 320]] as const) {
      const pixels = await photoPixels(samplePath(n), side);
      net.forwardInput = own;
      const expected = await detectFaces(model, pixels, { inputSize, scoreThreshold: 0.3 });
      net.forwardInput = fused;
      const found = await detectFaces(model, pixels, { inputSize, scoreThreshold: 0.3 });
      assert.ok(expected.length > 0, `sample${n} has faces`);
      assert.equal(found.length, expected.length, `sample${n}`);
      found.forEach((box, i) => {
        const want = expected[i]!;
        for (const key of ['x', 'y', 'width', 'height'] as const) assert.ok(Math.abs(box[key] - want[key]) < 0.01, `sample${n} face ${i} ${key}`);
        assert.ok(Math.abs(box.score - want.score) <= 0.001, `sample${n} face ${i} score`);
      });
    }
  });
});
