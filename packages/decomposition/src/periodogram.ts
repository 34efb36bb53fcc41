/**
 * Periodogram and dominant period of a daily series. The series is not demeaned: a component whose
 * power is largest at frequency zero (a mean or a slow drift) has an infinite dominant period.
 */
import { fft, nextPowerOfTwo } from './fft.js';
import { checkInteger, checkSeries } from './validate.js';

/** Zero-padding factor of {@link dominantPeriod}: the grid is at least 4× finer than 1/N. */
export const PERIODOGRAM_OVERSAMPLING = 4;

/**
 * Periodogram |Σ_t x_t e^{−2πi f t}|² / N at the frequencies f_k = k / gridLength (cycles per time
 * step), k = 0 … floor(gridLength/2); gridLength ≥ N zero-pads (any length, Bluestein when it is not
 * a power of two). Unit: series unit² × time step.
 */
export function periodogram(series: ArrayLike<number>, gridLength = series.length): Float64Array {
  const x = checkSeries(series);
  checkInteger('gridLength', gridLength, x.length, Number.MAX_SAFE_INTEGER, 'at least the series length');
  const re = new Float64Array(gridLength);
  const im = new Float64Array(gridLength);
  re.set(x);
  fft(re, im);
  const power = new Float64Array(Math.floor(gridLength / 2) + 1);
  for (let k = 0; k < power.length; k++) power[k] = (re[k] * re[k] + im[k] * im[k]) / x.length;
  return power;
}

function periodOfBin(k: number, gridLength: number): number {
  return k === 0 ? Infinity : gridLength / k;
}

/** Period at the first maximum of `power` on a grid of `gridLength` points. */
function peakPeriod(power: Float64Array, gridLength: number): number {
  let best = 0;
  for (let k = 1; k < power.length; k++) if (power[k] > power[best]) best = k;
  return periodOfBin(best, gridLength);
}

/** Grid length used by {@link dominantPeriod} for a series of length n: the power of two ≥ 4n. */
export function dominantPeriodGrid(n: number): number {
  return nextPowerOfTwo(PERIODOGRAM_OVERSAMPLING * n);
}

/**
 * Dominant period of `series` in time steps (days for daily data): gridLength / k* at the peak k*
 * of the zero-padded periodogram (grid: power of two ≥ 4N); Infinity when the peak is at zero
 * frequency.
 */
export function dominantPeriod(series: ArrayLike<number>): number {
  const grid = dominantPeriodGrid(series.length);
  return peakPeriod(periodogram(series, grid), grid);
}

/**
 * Dominant periods of several real series of equal length, two per complex FFT (x + i·y), with the
 * same grid and peak rule as {@link dominantPeriod}.
 */
export function dominantPeriods(series: readonly Float64Array[]): number[] {
  if (series.length === 0) return [];
  const grid = dominantPeriodGrid(series[0].length);
  const half = grid / 2;
  const re = new Float64Array(grid);
  const im = new Float64Array(grid);
  const periods: number[] = [];
  for (let p = 0; p < series.length; p += 2) {
    const paired = p + 1 < series.length;
    re.fill(0);
    im.fill(0);
    re.set(series[p]);
    if (paired) im.set(series[p + 1]);
    fft(re, im);
    let bestFirst = 0;
    let bestSecond = 0;
    let peakFirst = -1;
    let peakSecond = -1;
    for (let k = 0; k <= half; k++) {
      const m = (grid - k) % grid;
      // X_k = (Z_k + conj Z_{−k}) / 2, Y_k = (Z_k − conj Z_{−k}) / 2i; only |·|² is needed.
      const xr = re[k] + re[m];
      const xi = im[k] - im[m];
      const yr = im[k] + im[m];
      const yi = re[m] - re[k];
      const first = xr * xr + xi * xi;
      const second = yr * yr + yi * yi;
      if (first > peakFirst) {
        peakFirst = first;
        bestFirst = k;
      }
      if (second > peakSecond) {
        peakSecond = second;
        bestSecond = k;
      }
    }
    periods.push(periodOfBin(bestFirst, grid));
    if (paired) periods.push(periodOfBin(bestSecond, grid));
  }
  return periods;
}
