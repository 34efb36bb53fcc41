/**
 * The TensorFlow.js namespace the models are built with: the core (tensors, ops, optimizers), the
 * layers API (whose bundle also registers every op's gradient) and the pure-JavaScript CPU backend —
 * without the all-in-one package's converter, data and WebGL parts; the tensor methods (`x.add(y)`)
 * that layers calls here and there are registered here.
 */
import '@tensorflow/tfjs-backend-cpu';
import { registerChainedOps } from './chained-ops.js';

registerChainedOps();

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
