import { createRequire } from 'node:module';
import { join } from 'node:path';
import { FACE_API_BUNDLE, loadTfjs, packageDir, type Tfjs } from './tfjs-runtime.js';
import { faceApiForward, fusedForward, type FaceForward, type FusedForwardTf, type TinyFaceNet } from './tiny-face-forward.js';

/** The narrow slice of @vladmandic/face-api this project uses (its bundled typings reference files the package does not ship). */
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
interface FaceApi {
  readonly nets: { tinyFaceDetector: TinyFaceNet & { loadFromDisk(dir: string): Promise<void>; isLoaded: boolean } };
  readonly TinyFaceDetectorOptions: new (options: { inputSize: number; scoreThreshold: number }) => unknown;
  detectAllFaces(input: unknown, options: unknown): Promise<FaceApiDetection[]>;
}

const require = createRequire(import.meta.url);

/** The face-api runtime with the TinyFaceDetector weights loaded, ready to detect. */
export interface FaceModel {
  readonly api: FaceApi;
  readonly tf: Tfjs;
  readonly loadMs: number;
  /** TinyFaceDetector's forward pass: the fused one of tiny-face-forward.ts, else face-api's own layers. */
  readonly forward: FaceForward;
  /** Whether `forward` is the fused pass. */
  readonly fused: boolean;
}

let loading: Promise<FaceModel> | null = null;

/** Loads the TinyFaceDetector weights from node_modules into the shared tfjs runtime, once per thread. */
export function loadFaceModel(): Promise<FaceModel> {
  loading ??= (async () => {
    const started = performance.now();
    const { tf } = await loadTfjs();
    const api = require(FACE_API_BUNDLE) as FaceApi;
    await api.nets.tinyFaceDetector.loadFromDisk(join(packageDir('@vladmandic/face-api'), 'model'));
    const fused = fusedForward(api.nets.tinyFaceDetector, tf as unknown as FusedForwardTf);
    const forward = fused ?? faceApiForward(api.nets.tinyFaceDetector);
    return { api, tf, loadMs: performance.now() - started, forward, fused: fused !== null };
  })();
  return loading;
}
