import { fft, inverseFft, inverseRealFft, periodogram, realFft } from '../src/index.js';
import { gaussianNoise, maxAbsDiff } from './helpers.js';

function naiveDft(re: Float64Array, im: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * ((j * k) % n)) / n;
      outRe[k] += re[j] * Math.cos(a) - im[j] * Math.sin(a);
      outIm[k] += re[j] * Math.sin(a) + im[j] * Math.cos(a);
    }
  }
  return { re: outRe, im: outIm };
}

describe('fft', () => {
  it.each([1, 2, 8, 64, 3, 12, 97, 365, 1000])('matches the naive DFT for n = %i (radix-2 or Bluestein) and inverts', (n) => {
    const re = gaussianNoise(n, 11 + n);
    const im = gaussianNoise(n, 977 + n);
    const expected = naiveDft(re, im);
    const r = Float64Array.from(re);
    const i = Float64Array.from(im);
    fft(r, i);
    expect(maxAbsDiff(r, expected.re)).toBeLessThan(1e-9 * Math.max(1, n));
    expect(maxAbsDiff(i, expected.im)).toBeLessThan(1e-9 * Math.max(1, n));
    inverseFft(r, i);
    expect(maxAbsDiff(r, re)).toBeLessThan(1e-12 * Math.max(1, n));
    expect(maxAbsDiff(i, im)).toBeLessThan(1e-12 * Math.max(1, n));
  });

  it.each([4, 16, 1024])('realFft gives the half spectrum of the zero-padded real input (size %i) and inverts', (size) => {
    const x = gaussianNoise(size - 3, 5 + size);
    const re = new Float64Array(size);
    const im = new Float64Array(size);
    re.set(x);
    fft(re, im);
    const half = size / 2;
    const outRe = new Float64Array(half + 1);
    const outIm = new Float64Array(half + 1);
    const scratchRe = new Float64Array(half);
    const scratchIm = new Float64Array(half);
    realFft(x, size, outRe, outIm, scratchRe, scratchIm);
    expect(maxAbsDiff(outRe, re.subarray(0, half + 1))).toBeLessThan(1e-10);
    expect(maxAbsDiff(outIm, im.subarray(0, half + 1))).toBeLessThan(1e-10);
    const back = new Float64Array(size);
    inverseRealFft(outRe, outIm, size, back, scratchRe, scratchIm);
    expect(maxAbsDiff(back.subarray(0, size - 3), x)).toBeLessThan(1e-12);
    expect(maxAbsDiff(back.subarray(size - 3), [0, 0, 0])).toBeLessThan(1e-12);
  });

  it('periodogram of a pure Fourier-frequency cosine has all power in its bin (Parseval)', () => {
    const n = 730;
    const x = Float64Array.from({ length: n }, (_, t) => Math.cos((2 * Math.PI * 2 * t) / n));
    const p = periodogram(x);
    expect(p).toHaveLength(366);
    expect(p[2]).toBeCloseTo(n / 4, 9);
    const total = p.reduce((s, v) => s + v, 0);
    expect(total - p[2]).toBeLessThan(1e-9);
  });
});
