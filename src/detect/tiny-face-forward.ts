/**
 * TinyFaceDetector's forward pass with fused ops, for tfjs' WASM backend.
 *
 * face-api runs each layer as pad, conv, bias add and a leaky ReLU built of mul, sub, relu and add,
 * and normalises its input with a mean-RGB image built by concat: a 608 px tile spent about as long
 * in those element-wise passes as in its convolutions. The same weights run here as:
 * - the input normalisation, `(x - meanRgb) / 255`, folded into the first convolution's filters and
 *   bias (that layer has no padding, so the fold is exact up to float rounding);
 * - each convolution with its bias inside `fused.conv2d` (XNNPACK adds it in the same pass), 3×3
 *   depthwise with 'same' padding instead of a separate pad;
 * - the leaky ReLU after the max pool: the activation is monotonic, so
 *   `leaky(maxPool(y)) === maxPool(leaky(y))` exactly, on a quarter of the values; and as `prelu`
 *   with a per-channel slope of 0.1, which the backend hands to XNNPACK (0.2 ms CPU on a
 *   [1, 303, 303, 16] map), where its own `leakyRelu` is a scalar loop (7.3 ms) and the fused conv's
 *   'leakyrelu' activation is slower still (64 vs 37 ms for a 608 px tile).
 * Each intermediate map is disposed as soon as the next layer has read it, rather than at the end of
 * the pass (face-api's `tidy`): a worker's WASM heap grows to the largest pass it ever ran and never
 * shrinks, and the sum of all of a pass's maps is about twice its largest pair.
 * The network is fully convolutional: the pass runs on any input whose sides are multiples of 32
 * (faces.ts feeds it non-square inputs and decodes the grid itself).
 */
import type { Tensor } from './tfjs-runtime.js';

/** The ops this pass needs, all in tfjs-core. */
export interface FusedForwardTf {
  tidy<T>(fn: () => T): T;
  keep<T>(t: T): T;
  cast(x: Tensor, dtype: 'float32'): Tensor;
  depthwiseConv2d(x: Tensor, filter: Tensor, strides: number, pad: 'same'): Tensor;
  maxPool(x: Tensor, filterSize: [number, number], strides: [number, number], pad: 'same'): Tensor;
  prelu(x: Tensor, alpha: Tensor): Tensor;
  fill(shape: number[], value: number, dtype: 'float32'): Tensor;
  tensor1d(values: readonly number[], dtype: 'float32'): Tensor;
  reshape(x: Tensor, shape: number[]): Tensor;
  mul(a: Tensor, b: Tensor | number): Tensor;
  div(a: Tensor, b: Tensor | number): Tensor;
  sub(a: Tensor, b: Tensor): Tensor;
  sum(x: Tensor, axis: number[]): Tensor;
  dispose(x: Tensor): void;
  readonly fused: {
    conv2d(args: { x: Tensor; filter: Tensor; strides: number; pad: 'valid'; bias: Tensor }): Tensor;
  };
}

interface ConvParams {
  readonly filters: Tensor;
  readonly bias: Tensor;
}
interface SeparableParams {
  readonly depthwise_filter: Tensor;
  readonly pointwise_filter: Tensor;
  readonly bias: Tensor;
}
interface TinyFaceParams {
  readonly conv0: ConvParams;
  readonly conv1: SeparableParams;
  readonly conv2: SeparableParams;
  readonly conv3: SeparableParams;
  readonly conv4: SeparableParams;
  readonly conv5: SeparableParams;
  readonly conv6?: SeparableParams;
  readonly conv7?: SeparableParams;
  readonly conv8: ConvParams;
}
interface NetInput {
  toBatchTensor(inputSize: number, isCenterInputs: boolean): Tensor;
}
/** The slice of face-api's TinyFaceDetector (a TinyYolov2Base) the pass replaces. */
export interface TinyFaceNet {
  readonly params: unknown;
  readonly config: {
    readonly withSeparableConvs?: boolean;
    readonly isFirstLayerConv2d?: boolean;
    readonly meanRgb?: readonly [number, number, number];
    /** Box sizes in grid cells, one per box of a cell. */
    readonly anchors: readonly { readonly x: number; readonly y: number }[];
    readonly iouThreshold: number;
  };
  forwardInput(input: NetInput, inputSize: number): Tensor;
}

/** face-api's leaky ReLU slope (its `leaky()` multiplies by the float32 0.1). */
const LEAKY_ALPHA = 0.10000000149011612;

/** The network's raw output grid for a float32 batch [n, h, w, 3] of 0–255 RGB, h and w multiples of 32. The caller owns `batch` and the result. */
export type FaceForward = (batch: Tensor) => Tensor;

/**
 * The fused pass for this net, or null when the net is not the separable TinyFaceDetector this pass
 * was written for.
 */
export function fusedForward(net: TinyFaceNet, tf: FusedForwardTf): FaceForward | null {
  const params = net.params as TinyFaceParams | undefined;
  const { withSeparableConvs, isFirstLayerConv2d, meanRgb } = net.config;
  if (!params || !withSeparableConvs || !isFirstLayerConv2d || !meanRgb || !params.conv0.filters) return null;
  // filters [3, 3, 3, out]: W' = W / 255, b' = b - Σ W · mean / 255 over the 3×3×3 inputs.
  const conv0 = tf.tidy(() => {
    const filters = tf.div(params.conv0.filters, 255);
    const mean = tf.reshape(tf.tensor1d(meanRgb, 'float32'), [1, 1, 3, 1]);
    const bias = tf.sub(params.conv0.bias, tf.sum(tf.mul(filters, mean), [0, 1, 2]));
    return { filters: tf.keep(filters), bias: tf.keep(bias) };
  });
  // Each step disposes its input: only a layer's input and output are alive at once.
  const then = (x: Tensor, y: Tensor): Tensor => {
    tf.dispose(x);
    return y;
  };
  const separable = (x: Tensor, p: SeparableParams): Tensor => {
    const depthwise = then(x, tf.depthwiseConv2d(x, p.depthwise_filter, 1, 'same'));
    return then(depthwise, tf.fused.conv2d({ x: depthwise, filter: p.pointwise_filter, strides: 1, pad: 'valid', bias: p.bias }));
  };
  const slopes = new Map<number, Tensor>();
  const leaky = (x: Tensor): Tensor => {
    const channels = x.shape[3]!;
    let slope = slopes.get(channels);
    if (slope === undefined) {
      slope = tf.keep(tf.fill([channels], LEAKY_ALPHA, 'float32'));
      slopes.set(channels, slope);
    }
    return then(x, tf.prelu(x, slope));
  };
  const poolLeaky = (x: Tensor, stride: number): Tensor => leaky(then(x, tf.maxPool(x, [2, 2], [stride, stride], 'same')));
  return (batch) =>
    tf.tidy(() => {
      let out = tf.fused.conv2d({ x: batch, filter: conv0.filters, strides: 1, pad: 'valid', bias: conv0.bias });
      out = poolLeaky(out, 2);
      out = poolLeaky(separable(out, params.conv1), 2);
      out = poolLeaky(separable(out, params.conv2), 2);
      out = poolLeaky(separable(out, params.conv3), 2);
      out = poolLeaky(separable(out, params.conv4), 2);
      out = poolLeaky(separable(out, params.conv5), 1);
      if (params.conv6) out = leaky(separable(out, params.conv6));
      if (params.conv7) out = leaky(separable(out, params.conv7));
      return then(out, tf.fused.conv2d({ x: out, filter: params.conv8.filters, strides: 1, pad: 'valid', bias: params.conv8.bias }));
    });
}

/** face-api's own layers for this net: the reference the fused pass is tested against, and the fallback when it does not apply. */
export function faceApiForward(net: TinyFaceNet): FaceForward {
  // face-api asks its input for the batch; this one is already the padded float32 batch.
  return (batch) => net.forwardInput({ toBatchTensor: () => batch }, batch.shape[2]!);
}
