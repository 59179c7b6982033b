import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { floatPixels } from '../../src/detect/float-pixels.js';
import { loadObjectModel, type Tensor } from '../../src/detect/object-model.js';
import { detectObjects, OBJECT_DEFAULTS, objectInputSize } from '../../src/detect/objects.js';
import { SAMPLE_NUMBERS, samplePath } from '../fixtures/photos.js';
import { photoPixels } from '../fixtures/raw-pixels.js';

interface Tf {
  tidy<T>(fn: () => T): T;
  tensor4d(values: Float32Array, shape: number[], dtype: 'float32'): Tensor;
  readonly image: { resizeBilinear(x: Tensor, size: [number, number]): Tensor };
  memory(): { numTensors: number };
  backend(): { numDataIds(): number };
}

/** Largest |a − b| over the two outputs' values, and the largest |a|, for a relative bound. */
async function gap(a: Tensor, b: Tensor): Promise<{ diff: number; scale: number }> {
  assert.deepEqual(b.shape, a.shape);
  const [x, y] = await Promise.all([a.data(), b.data()]);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < x.length; i++) {
    diff = Math.max(diff, Math.abs(x[i]! - y[i]!));
    scale = Math.max(scale, Math.abs(x[i]!));
  }
  return { diff, scale };
}

describe('CenterNet compiled forward pass (centernet-forward.ts)', () => {
  it('gives the GraphExecutor’s heatmap and box sizes up to float rounding, on every sample at both input sides, and frees its intermediates', async () => {
    const model = await loadObjectModel();
    const tf = model.tf as unknown as Tf;
    for (const n of SAMPLE_NUMBERS) {
      const pixels = await photoPixels(samplePath(n), 448);
      for (const side of [OBJECT_DEFAULTS.inputSide, OBJECT_DEFAULTS.coarseSide]) {
        const input = objectInputSize(pixels, side);
        const batch = tf.tidy(() =>
          tf.image.resizeBilinear(tf.tensor4d(floatPixels(pixels), [1, pixels.height, pixels.width, 3], 'float32'), [input.height, input.width]),
        );
        const expected = model.runGraph(batch);
        const tensorsBefore = tf.memory().numTensors;
        const dataBefore = tf.backend().numDataIds();
        const found = model.run(batch);
        assert.equal(tf.memory().numTensors, tensorsBefore + 2, `sample${n} at ${side}: only the two outputs are left`);
        // The pass's intermediates are backend data without a Tensor, which the engine's counts cannot see leak.
        assert.equal(tf.backend().numDataIds(), dataBefore + 2, `sample${n} at ${side}: only the outputs' data is left in the backend`);
        const heatmap = await gap(expected[0], found[0]);
        const sizes = await gap(expected[1], found[1]);
        assert.ok(heatmap.diff <= 1e-5, `sample${n} at ${side}: heatmap differs by ${heatmap.diff}`);
        assert.ok(sizes.diff <= 1e-4 * sizes.scale, `sample${n} at ${side}: sizes differ by ${sizes.diff} (largest ${sizes.scale})`);
        for (const t of [batch, ...expected, ...found]) t.dispose();
      }
    }
  });

  it('finds the same objects as the GraphExecutor on the samples: labels, scores and boxes', async () => {
    const model = await loadObjectModel();
    const graphModel = { ...model, run: model.runGraph };
    for (const n of SAMPLE_NUMBERS) {
      const pixels = await photoPixels(samplePath(n), 448);
      const expected = await detectObjects(graphModel, pixels);
      const found = await detectObjects(model, pixels);
      assert.ok(expected.length > 0, `sample${n} has objects`);
      assert.equal(found.length, expected.length, `sample${n}`);
      found.forEach((object, i) => {
        const want = expected[i]!;
        assert.equal(object.label, want.label, `sample${n} object ${i}`);
        assert.ok(Math.abs(object.score - want.score) <= 0.001, `sample${n} object ${i} score`);
        for (const key of ['x', 'y', 'width', 'height'] as const) assert.ok(Math.abs(object.box[key] - want.box[key]) < 0.01, `sample${n} object ${i} ${key}`);
      });
    }
  });
});
