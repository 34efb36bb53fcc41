/**
 * GradientSHAP (expected gradients, Erion et al. 2021; Lundberg & Lee 2017): for an input window x,
 *   φ(x) = E_{b, α, ε} [ (x − b) ⊙ ∇f(b + α (x + ε − b)) ],
 * with baselines b drawn from a background set of real windows, α ~ U(0, 1) and ε ~ N(0, σ²) per value.
 * Without noise Σφ converges to f(x) − E_b f(b) (completeness), the check reported with every result.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InvalidParameterError } from '../metrics/errors.js';
import { createRng, type Rng } from '@fluxscale/util';
import { positiveInteger, predictRows, runBatches, toWindowArray, windowRows, type ExplainedModel, type RowStream, type WindowArray, type WindowInput } from './windows.js';

/** Options of {@link gradientShap}. */
export interface GradientShapOptions {
  /** Windows to explain [n, window, features]. */
  readonly inputs: WindowInput;
  /** Baseline windows (real windows of other days and sites), same window and features. */
  readonly background: WindowInput;
  /** Gradient samples per explained window (default 20). */
  readonly samples?: number;
  /** Standard deviation of the Gaussian noise added to x, in input units (default 0.01: 1 % of a standardised input's SD). */
  readonly noiseStd?: number;
  /** Seed of the sampling (default 1). */
  readonly seed?: number;
  /** Interpolated windows per gradient call (default 64). */
  readonly batchSize?: number;
}

/** How far Σφ is from f(x) − E f(b) (model output units). */
export interface CompletenessError {
  /** Per explained window: Σφ − (f(x) − E f(b)). */
  readonly gap: Float64Array;
  /** Mean of |gap| over the explained windows. */
  readonly meanAbsoluteGap: number;
  /** Mean of gap over the explained windows (Monte Carlo errors of single windows partly cancel). */
  readonly meanGap: number;
  /** Mean of |f(x) − E f(b)| over the explained windows: the scale the gaps compare with. */
  readonly meanAbsoluteDelta: number;
  /** |meanGap| / meanAbsoluteDelta: the relative error of the mean attribution sum. */
  readonly relativeMeanGap: number;
}

/** Attributions with their shape; the input of {@link featureTotals} and {@link driverShares}. */
export interface AttributionSet {
  /** Row-major [n, window, features], model output units per window value. */
  readonly attributions: Float32Array;
  readonly n: number;
  readonly window: number;
  readonly features: number;
}

/** Result of {@link gradientShap}. */
export interface GradientShapResult extends AttributionSet {
  /** f(x) of each explained window (model units). */
  readonly outputs: Float64Array;
  /** Mean model output over the whole background set, E f(b). */
  readonly expectedBaselineOutput: number;
  readonly completenessError: CompletenessError;
  /** Settings used, stored with results. */
  readonly samples: number;
  readonly noiseStd: number;
  readonly seed: number;
}

/** The random draws of one run: per sample row (window i = row ÷ samples), a baseline index and α. */
interface Draws {
  readonly baseline: Int32Array;
  readonly alpha: Float64Array;
}

/**
 * Baselines cycle through a fresh shuffle of the background for each explained window (so with `samples` a
 * multiple of the background size each baseline is used equally often); α is stratified: sample s of a window
 * draws α uniformly in its own stratum [k/S, (k+1)/S), strata in random order. Both keep α ~ U(0, 1) and
 * b ~ background marginally and lower the Monte Carlo error of the expectation.
 */
function drawSamples(n: number, samples: number, backgroundSize: number, next: Rng): Draws {
  const baseline = new Int32Array(n * samples);
  const alpha = new Float64Array(n * samples);
  for (let i = 0; i < n; i++) {
    let order = next.permutation(backgroundSize);
    const strata = next.permutation(samples);
    for (let s = 0; s < samples; s++) {
      if (s > 0 && s % backgroundSize === 0) order = next.permutation(backgroundSize);
      baseline[i * samples + s] = order[s % backgroundSize];
      alpha[i * samples + s] = (strata[s] + next.next()) / samples;
    }
  }
  return { baseline, alpha };
}

/** The interpolated windows b + α (x + ε − b), one row per (window, sample). */
function interpolatedRows(inputs: WindowArray, background: WindowArray, samples: number, draws: Draws, noiseStd: number, seed: number): RowStream {
  const length = inputs.window * inputs.features;
  const noise = createRng(seed ^ 0x5bd1e995);
  return {
    total: inputs.n * samples,
    window: inputs.window,
    features: inputs.features,
    fill: (row, target) => {
      const xOffset = Math.floor(row / samples) * length;
      const bOffset = draws.baseline[row] * length;
      const a = draws.alpha[row];
      for (let k = 0; k < length; k++) {
        const b = background.x[bOffset + k];
        const x = noiseStd > 0 ? inputs.x[xOffset + k] + noiseStd * noise.normal() : inputs.x[xOffset + k];
        target[k] = b + a * (x - b);
      }
    },
  };
}

function completeness(phi: Float64Array, n: number, length: number, outputs: Float64Array, expected: number): CompletenessError {
  const gap = new Float64Array(n);
  let absGap = 0;
  let sumGap = 0;
  let absDelta = 0;
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (let k = i * length; k < (i + 1) * length; k++) total += phi[k];
    const delta = outputs[i] - expected;
    gap[i] = total - delta;
    absGap += Math.abs(gap[i]);
    sumGap += gap[i];
    absDelta += Math.abs(delta);
  }
  return { gap, meanAbsoluteGap: absGap / n, meanGap: sumGap / n, meanAbsoluteDelta: absDelta / n, relativeMeanGap: Math.abs(sumGap) / absDelta };
}

/**
 * GradientSHAP attributions of `model` for each input window, per time step and feature, in model output
 * units (so Σφ over a window ≈ f(x) − E f(b)). Gradients of many interpolated windows are taken in one
 * tf.grad call (`batchSize` rows); all tensors are disposed. Deterministic for a given seed whatever the
 * batch size.
 */
export async function gradientShap(model: ExplainedModel, options: GradientShapOptions): Promise<GradientShapResult> {
  const inputs = toWindowArray(options.inputs, 'inputs');
  const background = toWindowArray(options.background, 'background');
  if (background.window !== inputs.window || background.features !== inputs.features) {
    throw new InvalidParameterError('background', `windows are [${background.window}, ${background.features}], inputs are [${inputs.window}, ${inputs.features}]`);
  }
  const samples = positiveInteger(options.samples, 20, 'samples');
  const batchSize = positiveInteger(options.batchSize, 64, 'batchSize');
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new InvalidParameterError('seed', `must be an integer, got ${seed}`);
  const noiseStd = options.noiseStd ?? 0.01;
  if (!(noiseStd >= 0) || !Number.isFinite(noiseStd)) throw new InvalidParameterError('noiseStd', `must be finite and ≥ 0, got ${noiseStd}`);

  const length = inputs.window * inputs.features;
  const draws = drawSamples(inputs.n, samples, background.n, createRng(seed));
  const rows = interpolatedRows(inputs, background, samples, draws, noiseStd, seed);
  const gradient = tf.grad((x: tf.Tensor) => tf.sum(model(x as tf.Tensor3D)));
  const phi = new Float64Array(inputs.n * length);
  await runBatches(rows, batchSize, gradient, length, (g, first, count) => {
    for (let r = 0; r < count; r++) {
      const row = first + r;
      const xOffset = Math.floor(row / samples) * length;
      const bOffset = draws.baseline[row] * length;
      const gOffset = r * length;
      for (let k = 0; k < length; k++) phi[xOffset + k] += (inputs.x[xOffset + k] - background.x[bOffset + k]) * g[gOffset + k];
    }
  });
  for (let k = 0; k < phi.length; k++) phi[k] /= samples;

  const outputs = await predictRows(model, windowRows(inputs), batchSize);
  const baselineOutputs = await predictRows(model, windowRows(background), batchSize);
  let expected = 0;
  for (let j = 0; j < background.n; j++) expected += baselineOutputs[j];
  expected /= background.n;

  return {
    attributions: Float32Array.from(phi),
    n: inputs.n,
    window: inputs.window,
    features: inputs.features,
    outputs,
    expectedBaselineOutput: expected,
    completenessError: completeness(phi, inputs.n, length, outputs, expected),
    samples,
    noiseStd,
    seed,
  };
}
