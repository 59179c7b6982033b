/**
 * CenterNet's forward pass as a fixed list of kernel calls, for tfjs' WASM backend.
 *
 * tfjs' GraphExecutor spends per node what the network's small layers barely cost: each run it
 * copies the weight map, looks every input up by name, re-reads each node's attributes, and goes
 * through the op layer (argument conversion, a scope, a gradient wrapper per fused conv) and the
 * engine's runKernel (a Tensor and its tracking per output). Here the graph is read once, at load:
 * each node becomes one call of the backend's own kernel function, with its attributes and weights
 * already resolved and its inputs in numbered slots; a slot's data is freed right after its last
 * reader (as the executor does, so the WASM heap peaks no higher) and only the two outputs become
 * Tensors. On sample1 at 416×288 the executor's 79 ms of CPU per run became 67 (paired medians of
 * 100 runs on a loaded VM; engine.runKernel instead of the kernel functions gave back about 5 ms).
 * tf.profile does not see these kernels: profile runGraph instead.
 *
 * While lowering, a convolution's lone readers are folded into it (same values up to float
 * rounding; 217 kernel calls instead of 240):
 * - a Mul or Add by a scalar constant, into its filter and bias (the box sizes' scale, the +3 of
 *   the squeeze-and-excite gates' hard sigmoid);
 * - then a Relu, Relu6 or Sigmoid, as its fused activation (those gates' Relu6, the head's SE
 *   sigmoid, the class heatmap's sigmoid);
 * and Identity nodes are the slot they copy.
 * Element-wise work stays in tfjs' kernels: a JavaScript hard-swish over the WASM heap was 12×
 * slower than the backend's four XNNPACK passes (3.3 vs 0.27 ms on a [1, 72, 104, 72] map).
 */
import type { TensorInfo } from './tfjs-kernel-override.js';
import type { Tensor } from './tfjs-runtime.js';

/** A node of the converted graph (model.json's `modelTopology.node`), as far as this pass reads it. */
export interface GraphNodeJson {
  readonly name: string;
  readonly op: string;
  readonly input?: readonly string[];
  readonly attr?: Readonly<Record<string, AttrJson>>;
}
interface AttrJson {
  readonly s?: string;
  readonly b?: boolean;
  readonly list?: { readonly i?: readonly string[]; readonly s?: readonly string[] };
}

interface KernelBackend {
  disposeData(dataId: object): boolean;
}

/** The slice of tfjs-core the pass calls. */
export interface ForwardTf {
  getBackend(): string;
  backend(): KernelBackend;
  getKernel(name: string, backendName: string): { kernelFunc(args: { inputs: unknown; backend: KernelBackend; attrs: Record<string, unknown> }): TensorInfo } | undefined;
  engine(): { makeTensorFromTensorInfo(info: TensorInfo): Tensor };
  tidy<T>(fn: () => T): T;
  keep<T>(t: T): T;
  mul(a: Tensor, b: Tensor): Tensor;
  add(a: Tensor, b: Tensor): Tensor;
}
interface SyncTensor extends Tensor {
  dataSync(): Float32Array | Int32Array;
}

/** Runs the network on a [1, height, width, 3] input; returns the requested outputs, the caller owns them. */
export type CenterNetForward = (input: Tensor) => Tensor[];

/** A value of the pass: a slot (the output of the step of that index), a weight, or the input. */
type Ref = { readonly kind: 'slot'; readonly slot: number } | { readonly kind: 'weight'; readonly tensor: Tensor } | { readonly kind: 'input' };

interface Step {
  readonly kernel: string;
  readonly inputs: Readonly<Record<string, Ref>> | readonly Ref[];
  readonly attrs: (input: Tensor) => Record<string, unknown>;
  /** Slots whose last reader this step is (step i writes slot i). */
  free: number[];
}

const FUSABLE_ACTIVATIONS: Readonly<Record<string, string>> = { Relu: 'relu', Relu6: 'relu6', Sigmoid: 'sigmoid' };

function text(value: string | undefined): string {
  return value === undefined ? '' : Buffer.from(value, 'base64').toString('utf8');
}
function ints(attr: AttrJson | undefined): number[] {
  return (attr?.list?.i ?? []).map(Number);
}

/**
 * Lowers the graph's nodes that `outputs` need into kernel calls. `weights` are the loaded graph's
 * own tensors by node name (GraphModel.weights); `upsampleFactors` gives, per ResizeBilinear size
 * constant, the input stride its output has (the constants are fixed for 512 px in the file).
 * Throws on an op or attribute it was not written for, so a changed model fails at load, not later.
 */
export function compileCenterNet(
  tf: ForwardTf,
  nodes: readonly GraphNodeJson[],
  weights: Readonly<Record<string, readonly Tensor[]>>,
  outputs: readonly string[],
  upsampleFactors: ReadonlyMap<string, number>,
): CenterNetForward {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const inputsOf = (node: GraphNodeJson) => (node.input ?? []).filter((name) => !name.startsWith('^')).map((name) => name.replace(/:0$/, ''));
  const readers = new Map<string, GraphNodeJson[]>();
  for (const node of nodes) for (const name of inputsOf(node)) readers.set(name, [...(readers.get(name) ?? []), node]);
  const onlyReader = (name: string): GraphNodeJson | undefined => {
    const list = readers.get(name) ?? [];
    return list.length === 1 && !outputs.includes(name) ? list[0] : undefined;
  };
  const weight = (name: string): Tensor | undefined => weights[name]?.[0];
  const scalarWeight = (name: string): number | undefined => {
    const t = weight(name) as SyncTensor | undefined;
    return t !== undefined && t.shape.length === 0 ? t.dataSync()[0] : undefined;
  };

  // Post-order from the outputs: every node after the nodes it reads.
  const order: GraphNodeJson[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const node = byName.get(name);
    if (node === undefined) throw new Error(`CenterNet graph has no node ${name}`);
    if (node.op === 'Const' || node.op === 'Placeholder') return;
    for (const input of inputsOf(node)) visit(input);
    order.push(node);
  };
  for (const name of outputs) visit(name);

  const refs = new Map<string, Ref>();
  const steps: Step[] = [];
  /** Nodes folded into the step of an earlier node: their name resolves to that step's slot. */
  const folded = new Set<string>();
  /** Filters and biases with a folded constant; they live as long as the model, like its weights. */
  const constant = (make: () => Tensor): Tensor => tf.keep(tf.tidy(make));
  const ref = (name: string): Ref => {
    const known = refs.get(name);
    if (known !== undefined) return known;
    const node = byName.get(name)!;
    if (node.op === 'Placeholder') return { kind: 'input' };
    const tensor = weight(name);
    if (tensor === undefined) throw new Error(`CenterNet node ${name} has no value`);
    return { kind: 'weight', tensor };
  };
  const emit = (node: GraphNodeJson, kernel: string, inputs: Step['inputs'], attrs: Step['attrs'], alias: readonly string[] = []) => {
    const slot = steps.length;
    steps.push({ kernel, inputs, attrs, free: [] });
    for (const name of [node.name, ...alias]) refs.set(name, { kind: 'slot', slot });
  };

  for (const node of order) {
    if (folded.has(node.name)) continue;
    const [first, second, third] = inputsOf(node);
    const attr = node.attr ?? {};
    switch (node.op) {
      case 'Identity':
        refs.set(node.name, ref(first!));
        break;
      case '_FusedConv2D':
      case 'FusedDepthwiseConv2dNative':
      case 'Conv2D':
      case 'DepthwiseConv2dNative': {
        const fusedOps = (attr.fused_ops?.list?.s ?? []).map(text);
        const padding = text(attr.padding?.s);
        if (fusedOps.length > 0 && fusedOps[0] !== 'BiasAdd') throw new Error(`CenterNet ${node.name}: fused ${fusedOps.join(',')} not supported`);
        if (padding !== 'SAME' && padding !== 'VALID') throw new Error(`CenterNet ${node.name}: padding ${padding} not supported`);
        let activation = fusedOps[1] === undefined ? 'linear' : FUSABLE_ACTIVATIONS[fusedOps[1]];
        if (activation === undefined) throw new Error(`CenterNet ${node.name}: activation ${fusedOps[1]} not supported`);
        let filter = ref(second!);
        let bias = fusedOps[0] === 'BiasAdd' ? ref(third!) : undefined;
        const alias: string[] = [];
        // Lone readers folded in, in order: scalar Mul/Add into the filter and bias, then one activation.
        let last = node.name;
        for (let reader = onlyReader(last); reader !== undefined && activation === 'linear'; reader = onlyReader(last)) {
          const fusable = FUSABLE_ACTIVATIONS[reader.op];
          const operand = inputsOf(reader).find((name) => name !== last);
          const scalar = operand === undefined || inputsOf(reader).length !== 2 ? undefined : scalarWeight(operand);
          if (fusable !== undefined) activation = fusable;
          else if (scalar === undefined || filter.kind !== 'weight' || (bias !== undefined && bias.kind !== 'weight')) break;
          else if (reader.op === 'Mul') {
            const [w, b] = [filter.tensor, bias?.kind === 'weight' ? bias.tensor : undefined];
            filter = { kind: 'weight', tensor: constant(() => tf.mul(w, weight(operand!)!)) };
            if (b !== undefined) bias = { kind: 'weight', tensor: constant(() => tf.mul(b, weight(operand!)!)) };
          } else if (reader.op === 'Add' && bias?.kind === 'weight') {
            const b = bias.tensor;
            bias = { kind: 'weight', tensor: constant(() => tf.add(b, weight(operand!)!)) };
          } else break;
          folded.add(reader.name);
          alias.push(reader.name);
          last = reader.name;
        }
        const strides = ints(attr.strides);
        const dilations = ints(attr.dilations);
        const base = {
          strides: [strides[1] ?? 1, strides[2] ?? 1],
          pad: padding.toLowerCase(),
          dataFormat: 'NHWC',
          dilations: [dilations[1] ?? 1, dilations[2] ?? 1],
          dimRoundingMode: undefined,
        };
        const fused = bias !== undefined || activation !== 'linear';
        const attrs = fused ? { ...base, activation, leakyreluAlpha: undefined } : base;
        const kernel = node.op.includes('Depthwise') ? (fused ? 'FusedDepthwiseConv2D' : 'DepthwiseConv2dNative') : fused ? 'FusedConv2D' : 'Conv2D';
        const inputs: Record<string, Ref> = { x: ref(first!), filter };
        if (bias !== undefined) inputs.bias = bias;
        emit(node, kernel, inputs, () => attrs, alias);
        break;
      }
      case 'Mul':
      case 'Add':
        emit(node, node.op === 'Mul' ? 'Multiply' : 'Add', { a: ref(first!), b: ref(second!) }, () => ({}));
        break;
      case 'Relu':
      case 'Relu6':
      case 'Sigmoid':
        emit(node, node.op, { x: ref(first!) }, () => ({}));
        break;
      case 'Mean': {
        const axes = weight(second!) as SyncTensor | undefined;
        if (axes === undefined) throw new Error(`CenterNet ${node.name}: reduction axes are not constant`);
        const attrs = { axis: Array.from(axes.dataSync()), keepDims: attr.keep_dims?.b === true };
        emit(node, 'Mean', { x: ref(first!) }, () => attrs);
        break;
      }
      case 'ResizeBilinear': {
        const factor = upsampleFactors.get(second!);
        if (factor === undefined) throw new Error(`CenterNet ${node.name}: unknown output size ${second}`);
        const alignCorners = attr.align_corners?.b === true;
        const halfPixelCenters = attr.half_pixel_centers?.b === true;
        emit(node, 'ResizeBilinear', { images: ref(first!) }, (input) => ({ alignCorners, halfPixelCenters, size: [input.shape[1]! / factor, input.shape[2]! / factor] }));
        break;
      }
      case 'ConcatV2': {
        const names = inputsOf(node);
        const axis = scalarWeight(names.at(-1)!);
        if (axis === undefined) throw new Error(`CenterNet ${node.name}: concat axis is not constant`);
        emit(node, 'Concat', names.slice(0, -1).map(ref), () => ({ axis }));
        break;
      }
      default:
        throw new Error(`CenterNet op ${node.op} (${node.name}) not supported`);
    }
  }

  const outputRefs = outputs.map(ref);
  const kept = new Set(outputRefs.flatMap((r) => (r.kind === 'slot' ? [r.slot] : [])));
  const lastReader = new Map<number, number>();
  steps.forEach((step, i) => {
    for (const r of Object.values(step.inputs) as Ref[]) if (r.kind === 'slot') lastReader.set(r.slot, i);
  });
  for (const [slot, i] of lastReader) if (!kept.has(slot)) steps[i]!.free.push(slot);

  const backend = tf.backend();
  const kernels = steps.map((step) => {
    const kernel = tf.getKernel(step.kernel, tf.getBackend());
    if (kernel === undefined) throw new Error(`CenterNet: the ${tf.getBackend()} backend has no ${step.kernel} kernel`);
    return kernel.kernelFunc;
  });
  return (input: Tensor): Tensor[] => {
    const slots: (TensorInfo | undefined)[] = new Array(steps.length);
    const value = (r: Ref): TensorInfo => (r.kind === 'slot' ? slots[r.slot]! : r.kind === 'weight' ? r.tensor : input) as TensorInfo;
    try {
      steps.forEach((step, i) => {
        const inputs = Array.isArray(step.inputs)
          ? (step.inputs as readonly Ref[]).map(value)
          : Object.fromEntries(Object.entries(step.inputs as Record<string, Ref>).map(([k, r]) => [k, value(r)]));
        slots[i] = kernels[i]!({ inputs, backend, attrs: step.attrs(input) });
        for (const slot of step.free) {
          backend.disposeData(slots[slot]!.dataId);
          slots[slot] = undefined;
        }
      });
      return outputRefs.map((r) => {
        if (r.kind !== 'slot') throw new Error('CenterNet: an output is not computed');
        const info = slots[r.slot]!;
        slots[r.slot] = undefined;
        return tf.engine().makeTensorFromTensorInfo(info);
      });
    } finally {
      for (const info of slots) if (info !== undefined) backend.disposeData(info.dataId);
    }
  };
}
