/**
 * A Concat kernel for tfjs' WASM backend that copies narrow rows in a plain loop. The backend's own
 * Concat is JavaScript: for every outer index it makes a subarray of each input and `set`s it, which
 * is fine for wide rows and ruinous for narrow ones. face-api's TinyFaceDetector builds its mean-RGB
 * image with `concat([r, g, b], 3)`, one value per row: 100 k subarrays for a 320 px input, about a
 * third of the whole detection (measured: ~10 ms of ~30 ms CPU per 320 px tile, most of the rest
 * being the network). The copy is the same, value for value; wide rows and strings keep the
 * backend's own code.
 */

interface TensorInfo {
  readonly dataId: object;
  readonly shape: number[];
  readonly dtype: string;
}
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(tensor: TensorInfo): Float32Array | Int32Array | Uint8Array;
}
interface KernelArgs {
  readonly inputs: TensorInfo[];
  readonly backend: WasmBackendLike;
  readonly attrs: { readonly axis: number | number[] };
}
interface KernelConfig {
  readonly kernelName: string;
  readonly backendName: string;
  readonly kernelFunc: (args: KernelArgs) => TensorInfo;
}
export interface ConcatCore {
  getKernel(kernelName: string, backendName: string): KernelConfig | undefined;
  unregisterKernel(kernelName: string, backendName: string): void;
  registerKernel(config: KernelConfig): void;
  readonly util: { parseAxisParam(axis: number | number[], shape: number[]): number[]; sizeFromShape(shape: number[]): number };
  readonly backend_util: { computeOutShape(shapes: number[][], axis: number): number[]; assertParamsConsistent(shapes: number[][], axis: number): void };
}

/** Rows at least this long are copied with `set` (the backend's own way, fast for them). */
const WIDE_ROW = 64;

/** Replaces the WASM backend's Concat with one that loops over narrow rows (once per thread; call after the backend is registered). */
export function registerFastConcat(core: ConcatCore): void {
  const original = core.getKernel('Concat', 'wasm');
  if (original === undefined || (original as { fast?: true }).fast) return;
  const kernelFunc = (args: KernelArgs): TensorInfo => {
    const { inputs, backend, attrs } = args;
    const nonEmpty = inputs.filter((t) => core.util.sizeFromShape(t.shape) > 0);
    if (nonEmpty.length < 2 || nonEmpty[0]!.dtype === 'string') return original.kernelFunc(args);
    const axis = core.util.parseAxisParam(attrs.axis, inputs[0]!.shape)[0]!;
    const rows = nonEmpty.map((t) => core.util.sizeFromShape(t.shape.slice(axis)));
    if (Math.max(...rows) >= WIDE_ROW) return original.kernelFunc(args);
    core.backend_util.assertParamsConsistent(inputs.map((t) => t.shape), axis);
    const outShape = core.backend_util.computeOutShape(inputs.map((t) => t.shape), axis);
    const out = backend.makeOutput(outShape, inputs[0]!.dtype);
    const outValues = backend.typedArrayFromHeap(out);
    const inValues = nonEmpty.map((t) => backend.typedArrayFromHeap(t));
    const outer = core.util.sizeFromShape(nonEmpty[0]!.shape.slice(0, axis));
    const stride = rows.reduce((sum, n) => sum + n, 0);
    if (stride === rows.length) {
      // One value per row (face-api's mean-RGB image): a strided copy, twice as fast as the general loop.
      for (let i = 0; i < inValues.length; i++) {
        const values = inValues[i]!;
        for (let b = 0, to = i; b < outer; b++, to += stride) outValues[to] = values[b]!;
      }
      return out;
    }
    let start = 0;
    for (let i = 0; i < inValues.length; i++) {
      const values = inValues[i]!;
      const row = rows[i]!;
      for (let b = 0; b < outer; b++) {
        const from = b * row;
        const to = b * stride + start;
        for (let k = 0; k < row; k++) outValues[to + k] = values[from + k]!;
      }
      start += row;
    }
    return out;
  };
  core.unregisterKernel('Concat', 'wasm');
  core.registerKernel({ ...original, kernelFunc, fast: true } as KernelConfig);
}
