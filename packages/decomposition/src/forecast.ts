/**
 * Recurrent SSA forecasting (R-forecasting, Golyandina et al. 2001, §2.1): the span of a group of
 * eigenvectors u_i (length L) defines the linear recurrence y_t = Σ_{k<L−1} R_k y_{t−L+1+k} with
 * R = (Σ π_i u_i^∇) / (1 − ν²), π_i the last coordinate of u_i, u_i^∇ its first L−1 coordinates and
 * ν² = Σ π_i². Applying it to the group's reconstruction continues the series without new data.
 */
import { DecompositionError } from './errors.js';

/** Verticality limit: ν² closer to 1 than this makes the recurrence ill-defined. */
const MAX_VERTICALITY = 1 - 1e-9;

/** Coefficients R (length L−1) of the linear recurrence defined by the eigenvectors `vectors`. */
export function recurrenceCoefficients(vectors: readonly Float64Array[], window: number): Float64Array {
  const r = new Float64Array(window - 1);
  let verticality = 0;
  for (const u of vectors) {
    const pi = u[window - 1];
    verticality += pi * pi;
    for (let k = 0; k < window - 1; k++) r[k] += pi * u[k];
  }
  if (verticality >= MAX_VERTICALITY) {
    throw new DecompositionError('extension', `verticality ν² = ${verticality} ≥ 1: this group cannot be forecast by recurrent SSA`);
  }
  for (let k = 0; k < window - 1; k++) r[k] /= 1 - verticality;
  return r;
}

/**
 * Extends `reconstruction` (a group's reconstructed series, length T ≥ L−1) by `steps` values with
 * the recurrence of the group's eigenvectors `vectors` (length L each); returns length T + steps.
 * An empty group extends with zeros.
 */
export function recurrentForecast(reconstruction: Float64Array, vectors: readonly Float64Array[], window: number, steps: number): Float64Array {
  const out = new Float64Array(reconstruction.length + steps);
  out.set(reconstruction);
  if (vectors.length === 0) return out;
  const r = recurrenceCoefficients(vectors, window);
  for (let t = reconstruction.length; t < out.length; t++) {
    const start = t - window + 1;
    let y = 0;
    for (let k = 0; k < window - 1; k++) y += r[k] * out[start + k];
    out[t] = y;
  }
  return out;
}
