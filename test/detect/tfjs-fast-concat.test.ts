import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadTfjs } from '../../src/detect/tfjs-runtime.js';

interface Concat {
  tensor(values: number[], shape: number[], dtype: string): { dispose(): void };
  concat(tensors: unknown[], axis: number): { shape: number[]; dtype: string; dataSync(): ArrayLike<number>; dispose(): void };
  getKernel(name: string, backend: string): { fast?: true } | undefined;
}

/** Concatenation by hand: the values of `parts` (row-major, of `shapes`) joined along `axis`. */
function concatByHand(parts: number[][], shapes: number[][], axis: number): number[] {
  const size = (dims: number[]) => dims.reduce((a, b) => a * b, 1);
  const outer = size(shapes[0]!.slice(0, axis));
  const out: number[] = [];
  for (let b = 0; b < outer; b++) {
    parts.forEach((values, i) => {
      const row = size(shapes[i]!.slice(axis));
      out.push(...values.slice(b * row, (b + 1) * row));
    });
  }
  return out;
}

describe('the WASM backend Concat (tfjs-fast-concat.ts)', () => {
  it('joins narrow and wide rows, every axis and dtype, value for value', async () => {
    const tf = (await loadTfjs()).tf as unknown as Concat;
    assert.equal(tf.getKernel('Concat', 'wasm')?.fast, true);
    const cases: [number[][], number, string][] = [
      [[[1, 5, 7, 1], [1, 5, 7, 1], [1, 5, 7, 1]], 3, 'float32'], // face-api's mean-RGB image
      [[[1, 5, 7, 1], [1, 5, 7, 1], [1, 5, 7, 1]], -1, 'float32'],
      [[[2, 3], [2, 5]], 1, 'int32'],
      [[[2, 3], [4, 3]], 0, 'float32'],
      [[[3, 2, 70], [3, 2, 10]], 2, 'float32'], // a wide row: the backend's own copy
      [[[4, 1], [4, 0], [4, 2]], 1, 'int32'], // an empty part
      [[[2, 2], [2, 1]], 1, 'bool'],
    ];
    for (const [shapes, axis, dtype] of cases) {
      let seed = 1;
      const parts = shapes.map((shape) => Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (dtype === 'bool' ? (seed++ % 3 === 0 ? 1 : 0) : seed++ * 1.5)));
      const tensors = parts.map((values, i) => tf.tensor(values, shapes[i]!, dtype));
      const joined = tf.concat(tensors, axis);
      const positive = axis < 0 ? shapes[0]!.length + axis : axis;
      assert.deepEqual(Array.from(joined.dataSync()), concatByHand(parts, shapes, positive).map((v) => (dtype === 'int32' ? Math.trunc(v) : v)), `${JSON.stringify(shapes)} axis ${axis} ${dtype}`);
      assert.equal(joined.dtype, dtype);
      joined.dispose();
      for (const t of tensors) t.dispose();
    }
  });

  it('refuses parts whose other dimensions differ, as tfjs does', async () => {
    const tf = (await loadTfjs()).tf as unknown as Concat;
    const a = tf.tensor([1, 2, 3, 4], [2, 2], 'float32');
    const b = tf.tensor([1, 2, 3], [3, 1], 'float32');
    assert.throws(() => tf.concat([a, b], 1));
    a.dispose();
    b.dispose();
  });
});
