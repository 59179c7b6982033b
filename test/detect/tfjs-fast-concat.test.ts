import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadTfjs } from '../../src/detect/tfjs-runtime.js';

interface T {
  readonly shape: number[];
  readonly dtype: string;
  dataSync(): ArrayLike<number | boolean>;
  dispose(): void;
}
interface Concat {
  tensor(values: number[] | boolean[], shape: number[], dtype: string): T;
  concat(xs: T[], axis: number): T;
  getKernel(name: string, backend: string): { fast?: true } | undefined;
}

/** Concatenation by hand of row-major arrays along `axis`. */
function concatByHand(parts: { values: ArrayLike<number | boolean>; shape: number[] }[], axis: number): (number | boolean)[] {
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  const rows = size(parts[0]!.shape.slice(0, axis));
  const out: (number | boolean)[] = [];
  for (let row = 0; row < rows; row++) {
    for (const { values, shape } of parts) {
      const length = size(shape.slice(axis));
      for (let i = 0; i < length; i++) out.push(values[row * length + i]!);
    }
  }
  return out;
}

describe('the WASM backend Concat (tfjs-fast-concat.ts)', () => {
  it('joins float32 and int32 tensors along any axis into the same values as a concatenation by hand, and leaves other dtypes to the backend', async () => {
    const tf = (await loadTfjs()).tf as unknown as Concat;
    assert.equal(tf.getKernel('Concat', 'wasm')?.fast, true);
    let seed = 7;
    const random = (n: number, dtype: string) => Array.from({ length: n }, () => ((seed = (seed * 48271) % 2147483647) % 2001) - 1000).map((v) => (dtype === 'float32' ? v / 7 : v));
    const cases: [number[][], number, string][] = [
      [[[1, 5, 7, 64], [1, 5, 7, 96]], 3, 'float32'], // CenterNet's channel concatenation
      [[[1, 5, 7, 3], [1, 5, 7, 1], [1, 5, 7, 2]], -1, 'float32'],
      [[[2, 3, 4], [2, 5, 4]], 1, 'float32'],
      [[[2, 3], [4, 3]], 0, 'int32'],
      [[[1, 4, 4, 2], [1, 4, 4, 0], [1, 4, 4, 5]], 3, 'int32'], // an empty part
      [[[3, 2], [3, 2]], 1, 'bool'],
    ];
    for (const [shapes, axis, dtype] of cases) {
      const parts = shapes.map((shape) => {
        const n = shape.reduce((a, b) => a * b, 1);
        const values = dtype === 'bool' ? random(n, 'int32').map((v) => v > 0) : random(n, dtype);
        return { values, shape, tensor: tf.tensor(values, shape, dtype) };
      });
      const joined = tf.concat(parts.map((p) => p.tensor), axis);
      const positive = axis < 0 ? shapes[0]!.length + axis : axis;
      const expectedShape = [...shapes[0]!];
      expectedShape[positive] = shapes.reduce((sum, s) => sum + s[positive]!, 0);
      assert.deepEqual(joined.shape, expectedShape, JSON.stringify(shapes));
      const expected = concatByHand(parts, positive).map((v) => (dtype === 'bool' ? Number(v) : dtype === 'float32' ? Math.fround(v as number) : v));
      assert.deepEqual(Array.from(joined.dataSync(), Number), expected, `${JSON.stringify(shapes)} axis ${axis} ${dtype}`);
      joined.dispose();
      for (const p of parts) p.tensor.dispose();
    }
  });

  it('rejects parts whose other dimensions differ, as the backend does', async () => {
    const tf = (await loadTfjs()).tf as unknown as Concat;
    const a = tf.tensor([1, 2, 3, 4, 5, 6], [1, 2, 3], 'float32');
    const b = tf.tensor([1, 2, 3, 4], [1, 2, 2], 'float32');
    assert.throws(() => tf.concat([a, b], 1));
    a.dispose();
    b.dispose();
  });
});
