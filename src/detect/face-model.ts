import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The narrow slice of @vladmandic/face-api and tfjs this project uses (their bundled typings reference files the package does not ship). */
export interface FaceApiBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}
export interface FaceApiDetection {
  readonly box: FaceApiBox;
  readonly score: number;
}
interface Tensor {
  dispose(): void;
}
interface FaceApi {
  readonly tf: {
    setBackend(name: string): Promise<boolean>;
    ready(): Promise<void>;
    getBackend(): string;
    enableProdMode(): void;
    tensor3d(values: Int32Array, shape: [number, number, number], dtype: 'int32'): Tensor;
  };
  readonly nets: { tinyFaceDetector: { loadFromDisk(dir: string): Promise<void>; isLoaded: boolean } };
  readonly TinyFaceDetectorOptions: new (options: { inputSize: number; scoreThreshold: number }) => unknown;
  detectAllFaces(input: Tensor, options: unknown): Promise<FaceApiDetection[]>;
}
interface WasmBackend {
  setWasmPaths(prefix: string, usePlatformFetch?: boolean): void;
}

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** The face-api runtime with the TinyFaceDetector weights loaded, ready to detect. */
export interface FaceModel {
  readonly api: FaceApi;
  readonly loadMs: number;
}

let loading: Promise<FaceModel> | null = null;

/**
 * Loads tfjs on its WASM backend and the TinyFaceDetector weights from node_modules, once per thread.
 * Nothing is fetched: the .wasm files and the model ship inside the npm packages.
 */
export function loadFaceModel(): Promise<FaceModel> {
  loading ??= (async () => {
    const started = performance.now();
    const wasm = require('@tensorflow/tfjs-backend-wasm') as WasmBackend;
    const api = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
    // A trailing slash makes tfjs treat this as a folder holding all three .wasm variants.
    wasm.setWasmPaths(`${join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist')}/`);
    await api.tf.setBackend('wasm');
    await api.tf.ready();
    api.tf.enableProdMode();
    await api.nets.tinyFaceDetector.loadFromDisk(join(packageDir('@vladmandic/face-api'), 'model'));
    return { api, loadMs: performance.now() - started };
  })();
  return loading;
}
