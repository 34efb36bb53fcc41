/**
 * The tensor methods (`x.add(y)`, `x.flatten()`) that the all-in-one @tensorflow/tfjs package
 * registers and the core alone does not: tfjs-layers calls a few of them (its orthogonal initializer,
 * for one). Each method applies the op of the same name to the tensor, as the all-in-one package's
 * do; the shorthands (reshape, cast), concat, stack and where are spelled out.
 */
import * as core from '@tensorflow/tfjs-core';

type Tensor = core.Tensor;
type Op = (x: Tensor, ...args: unknown[]) => Tensor;

/** The methods that call the op of the same name with the tensor as the first argument. */
const SAME_NAME = (
  'abs acos acosh add all any argMax argMin asin asinh atan atan2 atanh avgPool batchToSpaceND batchNorm broadcastTo cast ceil clipByValue ' +
  'conv1d conv2d conv2dTranspose cos cosh cumprod cumsum depthToSpace depthwiseConv2d dilation2d div divNoNan dot elu equal erf euclideanNorm ' +
  'exp expandDims expm1 fft floor floorDiv gather greater greaterEqual ifft irfft isFinite isInf isNaN leakyRelu less lessEqual ' +
  'localResponseNormalization log log1p logSigmoid logSoftmax logSumExp logicalAnd logicalNot logicalOr logicalXor matMul max maxPool maximum ' +
  'mean min minimum mirrorPad mod mul neg norm notEqual oneHot onesLike pad pool pow prelu prod reciprocal relu relu6 reshape resizeBilinear ' +
  'resizeNearestNeighbor reverse rfft round rsqrt selu separableConv2d sigmoid sign sin sinh slice softmax softplus spaceToBatchND split sqrt ' +
  'square squaredDifference squeeze step stridedSlice sub sum tan tanh tile topk transpose unique unsortedSegmentSum unstack zerosLike'
).split(' ');

/** The op named `name`: a top-level op, or one of the image or spectral namespaces. */
function opNamed(name: string): Op {
  const op = [core, core.image, core.spectral].map((ns) => (ns as unknown as Record<string, unknown>)[name]).find((f) => typeof f === 'function');
  if (op === undefined) throw new Error(`TensorFlow.js has no op '${name}' for the tensor method of that name`);
  return op as Op;
}

/** A list argument (concat, stack) with the tensor in front. */
function withTensor(x: Tensor, rest: Tensor | Tensor[]): Tensor[] {
  return rest instanceof core.Tensor ? [x, rest] : [x, ...rest];
}

/** The spelled-out methods, by name. */
const SPECIAL: Record<string, (this: Tensor, ...args: never[]) => unknown> = {
  as1D(this: Tensor) {
    return core.reshape(this, [this.size]);
  },
  as2D(this: Tensor, rows: number, columns: number) {
    return core.reshape(this, [rows, columns]);
  },
  as3D(this: Tensor, rows: number, columns: number, depth: number) {
    return core.reshape(this, [rows, columns, depth]);
  },
  as4D(this: Tensor, rows: number, columns: number, depth: number, depth2: number) {
    return core.reshape(this, [rows, columns, depth, depth2]);
  },
  as5D(this: Tensor, rows: number, columns: number, depth: number, depth2: number, depth3: number) {
    return core.reshape(this, [rows, columns, depth, depth2, depth3]);
  },
  asScalar(this: Tensor) {
    if (this.size !== 1) throw new Error('The array must have only 1 element.');
    return core.reshape(this, []);
  },
  asType(this: Tensor, dtype: core.DataType) {
    return core.cast(this, dtype);
  },
  flatten(this: Tensor) {
    return core.reshape(this, [this.size]);
  },
  reshapeAs(this: Tensor, x: Tensor) {
    return core.reshape(this, x.shape);
  },
  toBool(this: Tensor) {
    return core.cast(this, 'bool');
  },
  toFloat(this: Tensor) {
    return core.cast(this, 'float32');
  },
  toInt(this: Tensor) {
    return core.cast(this, 'int32');
  },
  concat(this: Tensor, x: Tensor | Tensor[], axis?: number) {
    return core.concat(withTensor(this, x), axis);
  },
  stack(this: Tensor, x: Tensor | Tensor[], axis?: number) {
    return core.stack(withTensor(this, x), axis);
  },
  where(this: Tensor, condition: Tensor, x: Tensor) {
    return core.where(condition, this, x);
  },
};

/**
 * Registers the tensor methods on TensorFlow.js' tensor class, leaving any method already there (the
 * all-in-one package's, where it is loaded too) as it is. Idempotent.
 */
export function registerChainedOps(): void {
  const prototype = core.Tensor.prototype as unknown as Record<string, unknown>;
  const methods: Array<[string, unknown]> = [
    ...SAME_NAME.map((name): [string, unknown] => {
      const op = opNamed(name);
      return [
        name,
        function (this: Tensor, ...args: unknown[]) {
          return op(this, ...args);
        },
      ];
    }),
    ...Object.entries(SPECIAL),
  ];
  for (const [name, method] of methods) if (prototype[name] === undefined) prototype[name] = method;
}
