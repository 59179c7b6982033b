/**
 * The ops that `@tensorflow/tfjs` (the union package) adds to Tensor as methods, `x.op(...)` for
 * `op(x, ...)`. tfjs-core alone does not add them, and face-api's bundle calls them (`x.as3D()`,
 * `x.div()`...), so the slim runtime of tfjs-runtime.ts registers the same list itself.
 */
const SAME_ARGUMENTS = (
  'abs acos acosh add all any argMax argMin asin asinh atan atan2 atanh batchToSpaceND batchNorm broadcastTo cast ceil ' +
  'clipByValue conv1d conv2d cos cosh cumprod cumsum depthToSpace divNoNan div dot elu equal erf euclideanNorm exp ' +
  'expandDims expm1 fft floor floorDiv gather greaterEqual greater ifft irfft isFinite isInf isNaN leakyRelu lessEqual ' +
  'less logSigmoid logSoftmax logSumExp log log1p logicalAnd logicalNot logicalOr logicalXor matMul max maximum mean min ' +
  'minimum mirrorPad mod mul neg norm notEqual oneHot onesLike pad pool pow prelu prod reciprocal relu relu6 reshape ' +
  'reverse rfft round rsqrt selu sigmoid sign sin sinh slice softmax softplus spaceToBatchND split sqrt square ' +
  'squaredDifference squeeze step stridedSlice sub sum tan tanh tile topk transpose unique unstack zerosLike'
).split(' ');

type Op = (...args: unknown[]) => unknown;
interface ChainableTensor {
  readonly size: number;
  readonly shape: number[];
  throwIfDisposed(): void;
}
interface Core {
  readonly Tensor: { prototype: object } & (new (...args: never[]) => ChainableTensor);
  readonly [op: string]: unknown;
}

/** Adds the union package's chained ops to tfjs-core's Tensor (once; methods already there are kept). */
export function registerChainedOps(core: Core): void {
  const proto = core.Tensor.prototype as Record<string, unknown>;
  const op = (name: string) => core[name] as Op;
  const chain = (name: string, call: (x: ChainableTensor, ...args: unknown[]) => unknown) => {
    proto[name] ??= function (this: ChainableTensor, ...args: unknown[]) {
      this.throwIfDisposed();
      return call(this, ...args);
    };
  };
  for (const name of SAME_ARGUMENTS) chain(name, (x, ...args) => op(name)(x, ...args));
  const list = (x: ChainableTensor, more: unknown) => (more instanceof core.Tensor ? [x, more] : [x, ...(more as unknown[])]);
  const reshape = (x: ChainableTensor, shape: unknown) => op('reshape')(x, shape);
  chain('as1D', (x) => reshape(x, [x.size]));
  chain('flatten', (x) => reshape(x, [x.size]));
  for (const rank of [2, 3, 4, 5]) chain(`as${rank}D`, (x, ...shape) => reshape(x, shape.slice(0, rank)));
  chain('asScalar', (x) => {
    if (x.size !== 1) throw new Error('The array must have only 1 element.');
    return reshape(x, []);
  });
  chain('reshapeAs', (x, other) => reshape(x, (other as ChainableTensor).shape));
  chain('asType', (x, dtype) => op('cast')(x, dtype));
  chain('toBool', (x) => op('cast')(x, 'bool'));
  chain('toFloat', (x) => op('cast')(x, 'float32'));
  chain('toInt', (x) => op('cast')(x, 'int32'));
  chain('concat', (x, more, axis) => op('concat')(list(x, more), axis));
  chain('stack', (x, more, axis) => op('stack')(list(x, more), axis));
  chain('where', (x, condition, other) => op('where')(condition, x, other));
}
