/**
 * The WebGPU backend (Dawn) end to end, on whatever adapter Dawn finds — in CI Mesa's software Vulkan
 * driver: it loads and says so; the fused WGSL LSTM gives the TypeScript reference kernel's output and
 * gradients; and the LSTM (fused and stock tf.layers) and the FNN, trained a few steps from the same
 * seed, give the CPU backend's losses and predictions. Where Dawn finds no adapter the suite is skipped
 * and the reason printed — or fails, with FLUXSCALE_REQUIRE_WEBGPU=1.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '../src/tfjs.js';
import { runsHere } from '@fluxscale/jest-preset';
import type { WindowSource } from '@fluxscale/data';
import { backendCandidates, probeWebGpu, selectBackend, type GpuAdapter } from '../src/backend/index.js';
import { ReferenceLstmKernel, fusedLstm } from '../src/fused-lstm/index.js';
import { fusedLstmOnWebGpu } from '../src/fused-lstm/webgpu-op.js';
import { fnnSpec, lstmSpec } from '../src/neural/index.js';
import type { ModelSpec } from '../src/regressor.js';
import { randomArray, randomProblem, relativeError } from './fused-lstm-helpers.js';
import { laggedTwoSiteSource } from './helpers/neural-source.js';

const probe = probeWebGpu();
const skipReason = 'reason' in probe ? probe.reason : undefined;
const onWebGpu = runsHere('WebGPU tests', skipReason, 'FLUXSCALE_REQUIRE_WEBGPU') ? describe : describe.skip;
const adapter = 'adapter' in probe ? probe.adapter : undefined;

const TOLERANCE = 1e-4;

/** Largest absolute difference of two arrays of equal length. */
function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

onWebGpu(`WebGPU backend on ${adapter === undefined ? 'no adapter' : `${adapter.device} (${adapter.software ? 'software' : 'hardware'})`}`, () => {
  let device: GpuAdapter | undefined;
  beforeAll(async () => {
    const lines: string[] = [];
    const chosen = await selectBackend({ name: 'webgpu', log: (l) => lines.push(l) });
    device = chosen.device;
    expect(chosen.name).toBe('webgpu');
    expect(chosen.tfjsVersion).toBe(tf.version_core);
    expect(lines[0]).toContain(`backend 'webgpu' on ${adapter!.device}`);
    expect(lines).toHaveLength(adapter!.software ? 2 : 1);
    if (adapter!.software) expect(lines[1]).toMatch(/^fluxscale: warning: WebGPU adapter .* is a software \(CPU\) implementation/);
  });

  it('runs on the adapter the probe found and computes a known matrix product', async () => {
    expect(device).toEqual(adapter);
    expect(tf.getBackend()).toBe('webgpu');
    const product = tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2]));
    expect(Array.from(await product.data())).toEqual([19, 22, 43, 50]);
    product.dispose();
  });

  it('the automatic choice never takes a software adapter', async () => {
    const webgpu = backendCandidates.find((c) => c.name === 'webgpu')!;
    const unforced = webgpu.load({ forced: false });
    if (adapter!.software) await expect(unforced).rejects.toThrow(/only a software adapter .* never chosen automatically/);
    else await expect(unforced).resolves.toMatchObject({ adapter: { software: false } });
    await selectBackend({ name: 'webgpu', log: () => undefined });
  });

  describe('fused WGSL LSTM against the TypeScript reference kernel', () => {
    const reference = new ReferenceLstmKernel();
    const cases: [number, number, number, number, 'hardSigmoid' | 'sigmoid', boolean][] = [
      [3, 7, 2, 5, 'sigmoid', false],
      [4, 9, 3, 6, 'hardSigmoid', true],
      [2, 1, 3, 4, 'sigmoid', false],
      [5, 20, 8, 64, 'sigmoid', false],
      [2, 6, 2, 300, 'hardSigmoid', true],
    ];

    /** Output and gradients of sum(fusedLstm(·) ⊙ dy) on the GPU (`rows` sequences per chunk), and the reference's. */
    async function compare(problem: ReturnType<typeof randomProblem>, rows?: number): Promise<number[]> {
      const { dims, x, weights } = problem;
      const { output, tape } = reference.forward(dims, x, weights);
      const dy = randomArray(output.length, 3, 1);
      const expected = reference.backward(tape, dy);
      const { batch: B, steps: T, features: F, units: H } = dims;
      const inputs = [tf.tensor3d(x, [B, T, F]), tf.tensor2d(weights.kernel, [F, 4 * H]), tf.tensor2d(weights.recurrentKernel, [H, 4 * H]), tf.tensor1d(weights.bias)];
      const dyTensor = tf.tensor(dy, dims.returnSequences ? [B, T, H] : [B, H]);
      const options = { recurrentActivation: dims.recurrentActivation, returnSequences: dims.returnSequences };
      const run = (xs: tf.Tensor, k: tf.Tensor, u: tf.Tensor, b: tf.Tensor) =>
        rows === undefined ? fusedLstm(xs, k, u, b, options) : fusedLstmOnWebGpu(xs, k, u, b, dims, rows);
      const { value, grads } = tf.valueAndGrads((xs: tf.Tensor, k: tf.Tensor, u: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(run(xs, k, u, b), dyTensor)))(inputs);
      const inferred = tf.tidy(() => run(inputs[0], inputs[1], inputs[2], inputs[3]));
      const errors = [
        relativeError(await inferred.data(), output),
        relativeError(await grads[0].data(), expected.dx),
        relativeError(await grads[1].data(), expected.dKernel),
        relativeError(await grads[2].data(), expected.dRecurrentKernel),
        relativeError(await grads[3].data(), expected.dBias),
      ];
      tf.dispose([...inputs, dyTensor, value, ...grads, inferred]);
      return errors;
    }

    it.each(cases)('batch %i, steps %i, features %i, units %i, %s gates, sequences %s: forward and all gradients to 1e-4', async (B, T, F, H, act, seq) => {
      const errors = await compare(randomProblem(B, T, F, H, 7 * B + T, act, seq));
      for (const error of errors) expect(error).toBeLessThan(TOLERANCE);
    });

    it('splits a batch into chunks of sequences with the same result', async () => {
      const errors = await compare(randomProblem(5, 8, 3, 6, 21, 'sigmoid', false), 2);
      for (const error of errors) expect(error).toBeLessThan(TOLERANCE);
    });
  });

  describe('regressors trained on the CPU backend and on WebGPU from the same seed', () => {
    const params = { hidden: 8, batchSize: 64, epochs: 2, learningRate: 0.01, dropout: 0.1, patience: 0 };
    const saved = process.env.FLUXSCALE_LSTM;
    afterEach(() => {
      if (saved === undefined) delete process.env.FLUXSCALE_LSTM;
      else process.env.FLUXSCALE_LSTM = saved;
    });

    async function fitOn(backend: 'cpu' | 'webgpu', spec: ModelSpec, data: WindowSource) {
      await selectBackend({ name: backend, log: () => undefined });
      const model = spec.create(params, { seed: 17 });
      const report = await model.fit(data);
      const predicted = await model.predict(data);
      return { model, loss: report.loss, valLoss: report.valLoss!, predicted, backend: report.notes?.backend };
    }

    it.each([
      ['LSTM (fused WGSL kernel)', lstmSpec, 'auto'],
      ['LSTM (stock tf.layers.lstm)', lstmSpec, 'stock'],
      ['FNN', fnnSpec, 'auto'],
    ] as const)('%s: losses and predictions agree to 1e-4', async (_, spec, lstm) => {
      process.env.FLUXSCALE_LSTM = lstm;
      const data = laggedTwoSiteSource(10);
      const cpu = await fitOn('cpu', spec, data);
      const gpu = await fitOn('webgpu', spec, data);
      expect([cpu.backend, gpu.backend]).toEqual(['cpu', 'webgpu']);
      expect(Math.abs(gpu.loss - cpu.loss)).toBeLessThan(TOLERANCE);
      expect(Math.abs(gpu.valLoss - cpu.valLoss)).toBeLessThan(TOLERANCE);
      expect(maxDifference(gpu.predicted, cpu.predicted)).toBeLessThan(TOLERANCE);
      expect(cpu.loss).toBeGreaterThan(0);
    });

    it('an LSTM trained on WebGPU, saved and loaded on the CPU backend, predicts the same to 1e-4', async () => {
      const data = laggedTwoSiteSource(10);
      const gpu = await fitOn('webgpu', lstmSpec, data);
      const dir = await mkdtemp(path.join(os.tmpdir(), 'fluxscale-webgpu-'));
      try {
        await gpu.model.save(dir);
        await selectBackend({ name: 'cpu', log: () => undefined });
        const loaded = await lstmSpec.load(dir);
        expect(maxDifference(await loaded.predict(data), gpu.predicted)).toBeLessThan(TOLERANCE);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
