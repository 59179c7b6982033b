import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadTfjs } from '../../src/detect/tfjs-runtime.js';

interface Mean {
  tensor(values: number[], shape: number[], dtype: string): { dispose(): void };
  mean(x: unknown, axis: number[], keepDims: boolean): { shape: number[]; dtype: string; dataSync(): ArrayLike<number>; dispose(): void };
  getKernel(name: string, backend: string): { fast?: true } | undefined;
}

/** The mean by hand over the given axes of a row-major array of `shape`. */
function meanByHand(values: number[], shape: number[], axes: number[]): number[] {
  const keep = shape.map((_, d) => !axes.includes(d));
  const outShape = shape.filter((_, d) => keep[d]);
  const sums = new Array<number>(outShape.reduce((a, b) => a * b, 1)).fill(0);
  const count = axes.reduce((n, d) => n * shape[d]!, 1);
  values.forEach((v, flat) => {
    let rest = flat;
    const index = [...shape].reverse().map((dim) => {
      const i = rest % dim;
      rest = Math.floor(rest / dim);
      return i;
    }).reverse();
    const outIndex = index.filter((_, d) => keep[d]).reduce((o, i, k) => o * outShape[k]! + i, 0);
    sums[outIndex] = sums[outIndex]! + v;
  });
  return sums.map((s) => s / count);
}

describe('the WASM backend Mean (tfjs-fast-mean.ts)', () => {
  it('averages NHWC maps over height and width, and any other mean, as the plain sum does', async () => {
    const tf = (await loadTfjs()).tf as unknown as Mean;
    assert.equal(tf.getKernel('Mean', 'wasm')?.fast, true);
    const cases: [number[], number[], boolean, string][] = [
      [[1, 5, 7, 3], [1, 2], true, 'float32'], // squeeze-and-excite: the pool
      [[2, 4, 3, 5], [2, 1], false, 'float32'], // the pool, axes unordered, dims dropped
      [[1, 5, 7, 3], [-3, -2], true, 'float32'],
      [[1, 5, 7, 3], [3], false, 'float32'], // the backend's own mean
      [[1, 5, 7, 3], [1, 2], true, 'int32'],
      [[6, 4], [1], false, 'float32'],
    ];
    for (const [shape, axis, keepDims, dtype] of cases) {
      let seed = 1;
      const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => ((seed = (seed * 48271) % 2147483647) % 1000) / (dtype === 'int32' ? 1 : 37));
      const x = tf.tensor(values, shape, dtype);
      const m = tf.mean(x, axis, keepDims);
      const positive = axis.map((a) => (a < 0 ? shape.length + a : a));
      const wantShape = keepDims ? shape.map((d, i) => (positive.includes(i) ? 1 : d)) : shape.filter((_, i) => !positive.includes(i));
      assert.deepEqual(m.shape, wantShape, `${JSON.stringify(shape)} ${JSON.stringify(axis)}`);
      const expected = meanByHand(values, shape, positive);
      Array.from(m.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-3 * Math.max(1, Math.abs(expected[i]!)), `${JSON.stringify(shape)} ${JSON.stringify(axis)} [${i}] ${v} vs ${expected[i]}`));
      m.dispose();
      x.dispose();
    }
  });
});
