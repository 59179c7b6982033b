import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { registerChainedOps } from './tfjs-chained-ops.js';
import { registerFastConcat, type ConcatCore } from './tfjs-fast-concat.js';
import { registerFastMean, type MeanCore } from './tfjs-fast-mean.js';

/** The narrow slice of tfjs the face and object detectors use (core ops, the converter's graph loader). */
export interface Tensor {
  readonly shape: number[];
  data(): Promise<Float32Array | Int32Array | Uint8Array>;
  dispose(): void;
}
export interface GraphModel {
  execute(input: Tensor, outputs: string[]): Tensor[];
  readonly weights: Record<string, Tensor[]>;
}
export interface Tfjs {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  enableProdMode(): void;
  tidy<T extends Tensor>(fn: () => T): T;
  tensor3d(values: Float32Array, shape: [number, number, number], dtype: 'float32'): Tensor;
  tensor4d(values: Float32Array, shape: [number, number, number, number], dtype: 'float32'): Tensor;
  tensor1d(values: number[], dtype: 'int32'): Tensor;
  readonly image: { resizeBilinear(x: Tensor, size: [number, number]): Tensor };
  pad(x: Tensor, paddings: [number, number][]): Tensor;
  loadGraphModel(handler: { load(): Promise<unknown> }): Promise<GraphModel>;
}
interface WasmBackend {
  setWasmPaths(prefix: string, usePlatformFetch?: boolean): void;
}

/** tfjs on its WASM backend, ready; what both detectors of a worker share. */
export interface TfjsRuntime {
  readonly tf: Tfjs;
}

const require = createRequire(import.meta.url);

/** The folder of a package, from its package.json (which the package must export). */
export function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** The face-api bundle this project loads; it requires '@tensorflow/tfjs' itself. */
export const FACE_API_BUNDLE = '@vladmandic/face-api/dist/face-api.node-wasm.js';

let loading: Promise<TfjsRuntime> | null = null;

/**
 * Sets up tfjs-core with the converter and the WASM backend, once per thread. face-api's Node
 * bundle requires the whole `@tensorflow/tfjs` (layers, data, the WebGL and CPU backends),
 * whose loading was most of a worker's model load (about 0.6 s of 1 s); it uses only core ops,
 * so its require of `@tensorflow/tfjs` is answered from the module cache with these three
 * packages (and the Tensor methods the union package adds, see tfjs-chained-ops.ts). Nothing is fetched: the .wasm files ship in node_modules.
 */
export function loadTfjs(): Promise<TfjsRuntime> {
  loading ??= (async () => {
    const core = require('@tensorflow/tfjs-core') as Record<string, unknown>;
    const converter = require('@tensorflow/tfjs-converter') as Record<string, unknown>;
    const wasm = require('@tensorflow/tfjs-backend-wasm') as WasmBackend & Record<string, unknown>;
    registerChainedOps(core as Parameters<typeof registerChainedOps>[0]);
    registerFastMean(core as unknown as MeanCore);
    registerFastConcat(core as unknown as ConcatCore);
    const slim = { ...core, ...converter, ...wasm };
    const tfjsPath = createRequire(require.resolve(FACE_API_BUNDLE)).resolve('@tensorflow/tfjs');
    require.cache[tfjsPath] ??= { id: tfjsPath, filename: tfjsPath, loaded: true, exports: slim, children: [], paths: [] } as unknown as NodeModule;
    const tf = slim as unknown as Tfjs;
    // A trailing slash makes tfjs treat this as a folder holding all three .wasm variants; it picks SIMD when the runtime has it.
    wasm.setWasmPaths(`${join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist')}/`);
    await tf.setBackend('wasm');
    await tf.ready();
    tf.enableProdMode();
    return { tf };
  })();
  return loading;
}
