/**
 * The discrete Fourier transform for the wavelet code: @fluxscale/decomposition's FFT (radix-2 for
 * powers of two, Bluestein for other lengths), with this package's parameter errors.
 */
import { fft, inverseFft, nextPowerOfTwo } from '@fluxscale/decomposition';
import { InvalidParameterError } from '../metrics/errors.js';

export { nextPowerOfTwo };

/** True when n is a positive power of two. */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

/**
 * In-place discrete Fourier transform of (re, im), any length ≥ 1. `inverse` computes the inverse
 * transform including the 1/N factor.
 */
export function fftInPlace(re: Float64Array, im: Float64Array, inverse = false): void {
  if (re.length !== im.length) throw new InvalidParameterError('im', `length ${im.length} differs from re length ${re.length}`);
  if (inverse) inverseFft(re, im);
  else fft(re, im);
}
