/**
 * A Mean kernel for tfjs' WASM backend that averages a 4-D map over its height and width with the
 * backend's AvgPool (XNNPACK) instead of transposing the map first. CenterNet's MobileNetV3 backbone
 * and head take nine such means (squeeze-and-excite, a global average per channel); the backend's
 * own Mean moves the reduced axes innermost with a full transpose and then sums, 2.1 ms CPU for a
 * [1, 72, 104, 128] map against 0.15 ms for the pool (same values up to float rounding, about 1e-6).
 * Every other mean keeps the backend's own code.
 */

interface TensorInfo {
  readonly dataId: object;
  shape: number[];
  readonly dtype: string;
}
interface KernelArgs {
  readonly inputs: { readonly x: TensorInfo };
  readonly backend: unknown;
  readonly attrs: { readonly axis: number | number[]; readonly keepDims: boolean };
}
interface KernelConfig {
  readonly kernelName: string;
  readonly backendName: string;
  readonly kernelFunc: (args: KernelArgs) => TensorInfo;
}
interface PoolArgs {
  readonly inputs: { readonly x: TensorInfo };
  readonly backend: unknown;
  readonly attrs: { filterSize: [number, number]; strides: [number, number]; pad: 'valid'; dimRoundingMode?: string };
}
export interface MeanCore {
  getKernel(kernelName: string, backendName: string): (KernelConfig & { kernelFunc: (args: never) => TensorInfo }) | undefined;
  unregisterKernel(kernelName: string, backendName: string): void;
  registerKernel(config: KernelConfig): void;
  readonly util: { parseAxisParam(axis: number | number[], shape: number[]): number[] };
}

/** Replaces the WASM backend's Mean for height-and-width means of float32 NHWC maps (once per thread; after the backend is registered). */
export function registerFastMean(core: MeanCore): void {
  const original = core.getKernel('Mean', 'wasm');
  const avgPool = core.getKernel('AvgPool', 'wasm') as unknown as { kernelFunc: (args: PoolArgs) => TensorInfo } | undefined;
  if (original === undefined || avgPool === undefined || (original as { fast?: true }).fast) return;
  const kernelFunc = (args: KernelArgs): TensorInfo => {
    const { inputs, backend, attrs } = args;
    const { x } = inputs;
    if (x.shape.length !== 4 || x.dtype !== 'float32') return original.kernelFunc(args as never);
    const axes = core.util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b);
    if (axes.length !== 2 || axes[0] !== 1 || axes[1] !== 2) return original.kernelFunc(args as never);
    const [batch, height, width, channels] = x.shape as [number, number, number, number];
    if (height * width === 0) return original.kernelFunc(args as never);
    const out = avgPool.kernelFunc({ inputs: { x }, backend, attrs: { filterSize: [height, width], strides: [height, width], pad: 'valid' } });
    // The pool's [batch, 1, 1, channels] is the kept-dims mean; without kept dims, the same values as [batch, channels].
    if (!attrs.keepDims) out.shape = [batch, channels];
    return out;
  };
  core.unregisterKernel('Mean', 'wasm');
  core.registerKernel({ ...original, kernelFunc, fast: true } as KernelConfig);
}
