import * as tf from '../src/tfjs.js';
import {
  FusedLstm,
  fusedLstm,
  fusedLstmInfo,
  fusedLstmKernel,
  isFusedLstmAvailable,
  ReferenceLstmKernel,
  selectFusedLstmKernel,
  setFusedLstmThreads,
  type RecurrentActivation,
} from '../src/fused-lstm/index.js';
import { randomArray, relativeError } from './fused-lstm-helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface Outcome {
  output: Float32Array;
  grads: Float32Array[];
}

/** Output and gradients of Σ output·r with respect to x, kernel, recurrent kernel and bias (one backward pass). */
function outcome(layer: tf.layers.Layer, x: tf.Tensor3D, seed: number): Outcome {
  const input = tf.variable(x);
  const result = tf.tidy(() => {
    const out = layer.apply(input) as tf.Tensor;
    const r = tf.tensor(randomArray(out.size, seed), out.shape);
    const weights = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, r)), [input, ...weights]);
    return { output: out.dataSync() as Float32Array, grads: [input, ...weights].map((v) => grads[v.name].dataSync() as Float32Array) };
  });
  input.dispose();
  return result;
}

function stockAndFused(F: number, H: number, recurrentActivation: RecurrentActivation, returnSequences: boolean, x: tf.Tensor3D, seed: number) {
  // glorotUniform instead of the default orthogonal initializer: TF.js' orthogonal (a QR in JS) is slow and the
  // weights are overwritten anyway.
  const stock = tf.layers.lstm({ units: H, recurrentActivation, returnSequences, recurrentInitializer: 'glorotUniform' });
  const fused = new FusedLstm({ units: H, recurrentActivation, returnSequences, recurrentInitializer: tf.initializers.zeros() });
  stock.apply(x);
  fused.apply(x);
  const bias = tf.tensor(randomArray(4 * H, seed + 3, 0.5));
  stock.setWeights([stock.getWeights()[0], stock.getWeights()[1], bias]);
  fused.setWeights(stock.getWeights());
  return { stock, fused };
}

describe('FusedLstm layer against tf.layers.lstm with the same weights', () => {
  it('reports the kernel it runs on', () => {
    expect(isFusedLstmAvailable()).toBe(true);
    expect(fusedLstmInfo()).toMatchObject({ kernel: 'wasm-simd', simd: true });
  });

  const cases: [number, number, number, number, RecurrentActivation, boolean][] = [
    [1, 2, 1, 1, 'hardSigmoid', false],
    [3, 7, 5, 16, 'hardSigmoid', false],
    [3, 7, 5, 16, 'sigmoid', true],
    [64, 7, 4, 16, 'hardSigmoid', false],
    [2, 365, 8, 64, 'hardSigmoid', false],
  ];
  it.each(cases)('batch %i, window %i, features %i, hidden %i, %s gates, sequences %s: output and every gradient', (B, T, F, H, act, seq) => {
    const seed = B * 100 + T;
    const x = tf.tensor3d(randomArray(B * T * F, seed, 1.5), [B, T, F]);
    const { stock, fused } = stockAndFused(F, H, act, seq, x, seed);
    const expected = outcome(stock, x, seed + 7);
    const actual = outcome(fused, x, seed + 7);
    expect(relativeError(actual.output, expected.output)).toBeLessThan(1e-4);
    expect(actual.grads).toHaveLength(4);
    actual.grads.forEach((g, i) => expect(relativeError(g, expected.grads[i])).toBeLessThan(1e-4));
    x.dispose();
  });

  it('window 1: output equals the stock layer, gradients equal the TypeScript reference (stock TF.js cannot differentiate one step)', () => {
    const x = tf.tensor3d(randomArray(3 * 4, 31, 1.5), [3, 1, 4]);
    const { stock, fused } = stockAndFused(4, 16, 'hardSigmoid', false, x, 31);
    expect(relativeError((fused.apply(x) as tf.Tensor).dataSync(), (stock.apply(x) as tf.Tensor).dataSync())).toBeLessThan(1e-4);
    const actual = outcome(fused, x, 32);
    const [kernel, recurrentKernel, bias] = fused.getWeights().map((w) => w.dataSync() as Float32Array);
    const dims = { batch: 3, steps: 1, features: 4, units: 16, recurrentActivation: 'hardSigmoid' as const, returnSequences: false };
    const reference = new ReferenceLstmKernel();
    const { output, tape } = reference.forward(dims, x.dataSync() as Float32Array, { kernel, recurrentKernel, bias });
    const g = reference.backward(tape, randomArray(output.length, 32));
    [g.dx, g.dKernel, g.dRecurrentKernel, g.dBias].forEach((e, i) => expect(relativeError(actual.grads[i], e)).toBeLessThan(1e-4));
  });

  it('gives the same output and gradients with the TypeScript fallback and with 1 or 2 threads', () => {
    const x = tf.tensor3d(randomArray(10 * 12 * 3, 41, 1.5), [10, 12, 3]);
    const { fused } = stockAndFused(3, 9, 'sigmoid', false, x, 41);
    const simd = outcome(fused, x, 42);
    try {
      setFusedLstmThreads(1);
      const single = outcome(fused, x, 42);
      selectFusedLstmKernel('typescript');
      expect(fusedLstmInfo()).toMatchObject({ kernel: 'typescript', simd: false, threads: 1 });
      const fallback = outcome(fused, x, 42);
      for (const other of [single, fallback]) {
        expect(relativeError(other.output, simd.output)).toBeLessThan(1e-5);
        other.grads.forEach((g, i) => expect(relativeError(g, simd.grads[i])).toBeLessThan(1e-5));
      }
    } finally {
      selectFusedLstmKernel('auto');
      setFusedLstmThreads(undefined);
    }
  });

  it('transfers weights both ways: stock → fused and fused → stock give the same outputs', () => {
    const x = tf.tensor3d(randomArray(4 * 9 * 3, 5), [4, 9, 3]);
    const fused = new FusedLstm({ units: 6 });
    const stock = tf.layers.lstm({ units: 6 });
    fused.apply(x);
    stock.apply(x);
    stock.setWeights(fused.getWeights());
    expect(fused.getWeights().map((w) => w.shape)).toEqual([[3, 24], [6, 24], [24]]);
    expect(relativeError((fused.apply(x) as tf.Tensor).dataSync(), (stock.apply(x) as tf.Tensor).dataSync())).toBeLessThan(1e-4);
  });

  it('survives a save/load round trip of a model (registered as FusedLSTM)', async () => {
    const model = tf.sequential();
    model.add(new FusedLstm({ units: 5, inputShape: [6, 2], recurrentActivation: 'sigmoid' }));
    model.add(tf.layers.dense({ units: 1 }));
    const x = tf.tensor3d(randomArray(3 * 6 * 2, 8), [3, 6, 2]);
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    expect(JSON.stringify(artifacts?.modelTopology)).toContain('"class_name":"FusedLSTM"');
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts as tf.io.ModelArtifacts));
    const a = (model.predict(x) as tf.Tensor).dataSync();
    const b = (loaded.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('runs the forward-only kernel path outside a gradient tape, with the same output as the taped pass', () => {
    const x = tf.tensor3d(randomArray(6 * 20 * 4, 51, 1.5), [6, 20, 4]);
    const weights = [tf.tensor2d(randomArray(4 * 40, 52, 0.4), [4, 40]), tf.tensor2d(randomArray(10 * 40, 53, 0.5), [10, 40]), tf.tensor1d(randomArray(40, 54, 0.5))];
    const [kernel, recurrentKernel, bias] = weights;
    const options = { recurrentActivation: 'sigmoid' as const };
    const infer = jest.spyOn(fusedLstmKernel(), 'infer');
    const forward = jest.spyOn(fusedLstmKernel(), 'forward');
    try {
      const plain = fusedLstm(x, kernel, recurrentKernel, bias, options);
      expect(infer).toHaveBeenCalledTimes(1);
      expect(forward).not.toHaveBeenCalled();
      let taped: Float32Array | undefined;
      const grads = tf.grads((k: tf.Tensor, rk: tf.Tensor, b: tf.Tensor) => {
        const out = fusedLstm(x, k, rk, b, options);
        taped = out.dataSync() as Float32Array;
        return tf.sum(out);
      })(weights);
      expect(forward).toHaveBeenCalledTimes(1);
      expect(infer).toHaveBeenCalledTimes(1);
      expect(grads.map((g) => g.shape)).toEqual(weights.map((w) => w.shape));
      expect(Array.from(taped ?? [])).toEqual(Array.from(plain.dataSync()));
      tf.dispose([plain, ...grads]);
    } finally {
      infer.mockRestore();
      forward.mockRestore();
      tf.dispose([x, ...weights]);
    }
  });

  it('rejects weights whose shapes do not match the input', () => {
    const x = tf.zeros([2, 3, 4]);
    expect(() => fusedLstm(x, tf.zeros([5, 8]), tf.zeros([2, 8]), tf.zeros([8]))).toThrow(/kernel must have shape \[4, 8\]/);
  });
});
