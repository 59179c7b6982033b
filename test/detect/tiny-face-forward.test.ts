import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { iou } from '../../src/detect/centernet-decode.js';
import { loadFaceModel } from '../../src/detect/face-model.js';
import { detectFaces } from '../../src/detect/faces.js';
import { faceApiForward } from '../../src/detect/tiny-face-forward.js';
import type { RawPixels } from '../../src/detect/pixels.js';
import { samplePath } from '../fixtures/photos.js';
import { photoPixels, rawPixels } from '../fixtures/raw-pixels.js';
import type { Tensor } from '../../src/detect/tfjs-runtime.js';

/** Portrait pixels: a full-height strip of the sample from `left`, so a wrong axis in the decoding shows. */
async function portrait(n: number, left: number, width: number, side: number): Promise<RawPixels> {
  const { height } = await sharp(samplePath(n)).metadata();
  return rawPixels(sharp(samplePath(n)).extract({ left, top: 0, width, height: height! }).resize(side, side, { fit: 'inside' }));
}

describe('TinyFaceDetector fused forward pass', () => {
  it('finds the same faces as face-api’s own layers, boxes and scores equal up to float rounding, square or not', async () => {
    const model = await loadFaceModel();
    assert.equal(model.fused, true);
    const faceApi = { ...model, forward: faceApiForward(model.api.nets.tinyFaceDetector) };
    // A wide sample (a 448×320 network input), a portrait one (320×448), a square crop of a group
    // at two input sizes (resized to the input, then not).
    const cases = [
      [`sample1 448`, await photoPixels(samplePath(1), 448), 448],
      [`sample3 portrait 448`, await portrait(3, 300, 800, 448), 448],
      [`sample5 320 at 320`, await photoPixels(samplePath(5), 320), 320],
      [`sample5 320 at 416`, await photoPixels(samplePath(5), 320), 416],
    ] as const;
    for (const [name, pixels, inputSize] of cases) {
      const expected = await detectFaces(faceApi, pixels, { inputSize, scoreThreshold: 0.3 });
      const found = await detectFaces(model, pixels, { inputSize, scoreThreshold: 0.3 });
      assert.ok(expected.length > 0, `${name} has faces`);
      assert.equal(found.length, expected.length, name);
      found.forEach((box, i) => {
        const want = expected[i]!;
        for (const key of ['x', 'y', 'width', 'height'] as const) assert.ok(Math.abs(box[key] - want[key]) < 0.01, `${name} face ${i} ${key}`);
        assert.ok(Math.abs(box.score - want.score) <= 0.001, `${name} face ${i} score`);
      });
    }
  });

  it('decodes its non-square grid into the boxes face-api finds with its own pad-to-square pass', async () => {
    const model = await loadFaceModel();
    for (const [name, pixels] of [
      ['sample1 landscape', await photoPixels(samplePath(1), 448)],
      ['sample2 landscape', await photoPixels(samplePath(2), 448)],
      ['sample3 portrait', await portrait(3, 300, 800, 448)],
      ['sample4 portrait', await portrait(4, 400, 900, 448)],
    ] as const) {
      const tensor = model.tf.tensor3d(Float32Array.from(pixels.data), [pixels.height, pixels.width, 3], 'float32');
      const theirs = await model.api.detectAllFaces(tensor, new model.api.TinyFaceDetectorOptions({ inputSize: 448, scoreThreshold: 0.3 }));
      tensor.dispose();
      const found = await detectFaces(model, pixels, { inputSize: 448, scoreThreshold: 0.3 });
      assert.ok(theirs.length >= 2, `${name} has faces`);
      // The padding differs (to 320 px, not 448), which only moves boxes near the padded edge a little.
      assert.equal(found.length, theirs.length, name);
      for (const { box, score } of theirs) {
        const want = { x: box.x, y: box.y, width: box.width, height: box.height, score };
        const match = found.find((f) => iou(f, want) > 0.9);
        assert.ok(match !== undefined, `${name}: face-api's box at ${box.x.toFixed(0)},${box.y.toFixed(0)} is found`);
        assert.ok(Math.abs(match.score - score) < 0.03, `${name}: score ${match.score} vs ${score}`);
      }
    }
  });

  it('holds only a layer’s input and output at once: its peak memory on an 896×608 input is under two full-size maps over its input', async () => {
    const model = await loadFaceModel();
    const tf = model.tf as unknown as {
      zeros(shape: number[], dtype: 'float32'): Tensor;
      memory(): { numBytes: number };
      profile(fn: () => void): Promise<{ peakBytes: number }>;
    };
    const [height, width] = [608, 896];
    const batch = tf.zeros([1, height, width, 3], 'float32');
    const before = tf.memory().numBytes;
    const { peakBytes } = await tf.profile(() => model.forward(batch).dispose());
    batch.dispose();
    // The first layer's 16-channel map at full size is the largest; every map kept to the end of the
    // pass (face-api's tidy) peaked 128 MB over the input here, the disposing pass 50 MB; two such maps are 70 MB.
    const bound = height * width * (16 + 16) * 4;
    assert.ok(peakBytes - before < bound, `peak ${peakBytes - before} bytes over the input, bound ${bound}`);
  });
});
