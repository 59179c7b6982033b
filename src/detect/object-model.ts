import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { compileCenterNet, type ForwardTf, type GraphNodeJson } from './centernet-forward.js';
import { loadTfjs, type Tensor, type Tfjs } from './tfjs-runtime.js';

export type { Tensor } from './tfjs-runtime.js';

const require = createRequire(import.meta.url);

/** Where @vladmandic/human keeps its models (its package.json is not exported, so go from its entry). */
function humanModelsDir(): string {
  return join(dirname(require.resolve('@vladmandic/human')), '..', 'models');
}

/** The network's outputs before its built-in decoding: a class heatmap and box sizes at 1/4 scale. */
const HEATMAP = 'tower_0/keypoints';
const SIZES = 'tower_0/wh';
/**
 * The three up-sampling steps of the network's head. The converted graph stores their output
 * sizes as constants for its 512 px input; sizing them per input (the compiled pass from its
 * input's shape, runGraph by swapping the constants) lets it run on smaller, non-square inputs
 * (about a third of the work at 320 px), which the network itself allows.
 */
const UPSAMPLE_SIZES = [
  ['tower_0/CenternetHead/c5_upsample/up_sampling2d/mul', 16],
  ['tower_0/CenternetHead/c4_upsample/up_sampling2d_1/mul', 8],
  ['tower_0/CenternetHead/c3_upsample/up_sampling2d_2/mul', 4],
] as const;
/** The heatmap is this many times smaller than the input. */
export const CENTERNET_STRIDE = 4;
/** Inputs must be multiples of this (the backbone's coarsest stride). */
export const CENTERNET_ALIGN = 32;

/** CenterNet (MobileNetV3, COCO) loaded on tfjs' WASM backend, ready to run. */
export interface ObjectModel {
  readonly tf: Tfjs;
  readonly loadMs: number;
  /** Runs the network on a float RGB batch of one [1, height, width, 3] (0–255); returns [heatmap, sizes]. */
  run(input: Tensor): [Tensor, Tensor];
  /** The same through tfjs' own GraphExecutor: the reference `run` is tested against (centernet-forward.ts). */
  runGraph(input: Tensor): [Tensor, Tensor];
}

let loading: Promise<ObjectModel> | null = null;

/**
 * Loads the CenterNet weights that ship in @vladmandic/human's models/ into the shared tfjs runtime,
 * once per thread. Nothing is fetched.
 */
export function loadObjectModel(): Promise<ObjectModel> {
  loading ??= (async () => {
    const started = performance.now();
    const { tf } = await loadTfjs();
    const dir = humanModelsDir();
    const json = JSON.parse(readFileSync(join(dir, 'centernet.json'), 'utf8')) as CenterNetJson;
    const bin = readFileSync(join(dir, 'centernet.bin'));
    // The graph declares a fixed 512×512 input; the convolutions do not need it, so let any size in.
    for (const node of json.modelTopology.node) {
      if (node.op === 'Placeholder') node.attr.shape.shape.dim = [{ size: '1' }, { size: '-1' }, { size: '-1' }, { size: '3' }];
    }
    const graph = await tf.loadGraphModel({
      load: async () => ({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
        format: json.format,
      }),
    });
    const sizeConstants = new Map<string, Tensor[]>();
    const runGraph = (input: Tensor): [Tensor, Tensor] => {
      const [, height, width] = input.shape as [number, number, number, number];
      const key = `${width}x${height}`;
      let constants = sizeConstants.get(key);
      if (constants === undefined) {
        constants = UPSAMPLE_SIZES.map(([, factor]) => tf.tensor1d([height / factor, width / factor], 'int32'));
        sizeConstants.set(key, constants);
      }
      UPSAMPLE_SIZES.forEach(([name], i) => {
        graph.weights[name]![0] = constants[i]!;
      });
      const [heatmap, sizes] = graph.execute(input, [HEATMAP, SIZES]);
      return [heatmap!, sizes!];
    };
    const forward = compileCenterNet(
      tf as unknown as ForwardTf,
      json.modelTopology.node as unknown as GraphNodeJson[],
      graph.weights,
      [HEATMAP, SIZES],
      new Map(UPSAMPLE_SIZES.map(([name, factor]) => [name, factor])),
    );
    const run = (input: Tensor): [Tensor, Tensor] => {
      const [heatmap, sizes] = forward(input);
      return [heatmap!, sizes!];
    };
    return { tf, run, runGraph, loadMs: performance.now() - started };
  })();
  return loading;
}

interface CenterNetJson {
  format: string;
  modelTopology: { node: { op: string; attr: { shape: { shape: { dim: { size: string }[] } } } }[] };
  weightsManifest: { weights: unknown[] }[];
}
