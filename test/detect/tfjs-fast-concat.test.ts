import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { registerFastConcat, type ConcatCore } from '../../src/detect/tfjs-fast-concat.js';
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
  backend(): unknown;
  engine(): { makeTensorFromTensorInfo(info: unknown): T };
  readonly util: ConcatCore['util'];
}
type Info = { dataId: object; shape: number[]; dtype: string };

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

describe('the fast Concat kernel, called directly (registerFastConcat)', () => {
  it('copies float32 and int32 itself, and hands every other case to the backend\'s kernel', async () => {
    const tf = (await loadTfjs()).tf as unknown as Concat;
    // The kernel as registerFastConcat builds it, over a stand-in for the backend's own Concat that records its calls.
    const handedOver: string[] = [];
    let fast: ((args: unknown) => Info) | undefined;
    registerFastConcat({
      getKernel: (name, backendName) => (name === 'Concat' ? { kernelName: name, backendName, kernelFunc: ((args: { inputs: Info[] }) => { handedOver.push(args.inputs.map((t) => `${t.dtype}[${t.shape}]`).join(' ')); return args.inputs[0]!; }) as never } : undefined),
      unregisterKernel: () => undefined,
      registerKernel: (config) => {
        fast = config.kernelFunc as unknown as (args: unknown) => Info;
      },
      util: tf.util,
    });
    assert.ok(fast !== undefined);
    const run = (tensors: T[], axis: number) => fast!({ inputs: tensors as unknown as Info[], backend: tf.backend(), attrs: { axis } });
    const f = (shape: number[], dtype = 'float32') => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i + 1), shape, dtype);
    // Copied here: the values are right and the backend's kernel was not called.
    const a = f([2, 3]);
    const b = f([2, 2]);
    const joined = tf.engine().makeTensorFromTensorInfo(run([a, b], 1));
    assert.deepEqual(Array.from(joined.dataSync(), Number), [1, 2, 3, 1, 2, 4, 5, 6, 3, 4]);
    const ints = tf.engine().makeTensorFromTensorInfo(run([f([1, 2], 'int32'), f([2, 2], 'int32')], 0));
    assert.deepEqual(Array.from(ints.dataSync(), Number), [1, 2, 1, 2, 3, 4]);
    assert.deepEqual(handedOver, []);
    // Handed over: what the backend handles or rejects itself.
    run([f([2, 2], 'bool'), f([2, 2], 'bool')], 0); // another dtype
    run([f([2, 2]), f([2, 2], 'int32')], 0); // mixed dtypes (bit patterns must not be copied across)
    run([a, f([5, 0]), b], 1); // an empty part whose other dimension differs: the backend throws
    run([f([0]), a, b], -1); // an empty first part of another rank: the axis would be read against it
    run([a, f([2, 3, 1])], 1); // another rank
    run([a, f([0, 3])], 0); // one non-empty part: the backend's identity
    assert.deepEqual(handedOver, ['bool[2,2] bool[2,2]', 'float32[2,2] int32[2,2]', 'float32[2,3] float32[5,0] float32[2,2]', 'float32[0] float32[2,3] float32[2,2]', 'float32[2,3] float32[2,3,1]', 'float32[2,3] float32[0,3]']);
  });
});
