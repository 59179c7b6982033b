/** tfjs backend kernels as this project calls them (centernet-forward.ts), and replacing one of the WASM backend's with a faster one for the cases it handles (tfjs-fast-*.ts). */

export interface TensorInfo {
  readonly dataId: object;
  shape: number[];
  readonly dtype: string;
}
/** A backend kernel function: the inputs, the backend and the op's attributes in; a tensor out. */
export type KernelFunc<A> = (args: A) => TensorInfo;
interface KernelConfig {
  readonly kernelName: string;
  readonly backendName: string;
  readonly kernelFunc: KernelFunc<never>;
}
export interface KernelRegistry {
  getKernel(kernelName: string, backendName: string): KernelConfig | undefined;
  unregisterKernel(kernelName: string, backendName: string): void;
  registerKernel(config: KernelConfig): void;
}

/**
 * Registers `faster(original)` as the WASM backend's `kernelName`, once per thread (after the backend
 * is registered): a second call finds the replacement and leaves it. `faster` gets the backend's own
 * kernel function, for every case it does not handle itself.
 */
export function overrideWasmKernel<A>(core: KernelRegistry, kernelName: string, faster: (original: KernelFunc<A>) => KernelFunc<A>): void {
  const original = core.getKernel(kernelName, 'wasm');
  if (original === undefined || (original as { fast?: true }).fast) return;
  core.unregisterKernel(kernelName, 'wasm');
  core.registerKernel({ ...original, kernelFunc: faster(original.kernelFunc as KernelFunc<A>) as KernelFunc<never>, fast: true } as KernelConfig);
}
