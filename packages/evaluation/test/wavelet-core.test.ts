import { cwt, globalSpectrum, icwt, InsufficientDataError, InvalidParameterError, morlet, scaleAverage, wtc } from '../src/index.js';
import { chiSquareQuantile } from '../src/metrics/special.js';
import { fftInPlace } from '../src/wavelets/fft.js';
import { paddedLength } from '../src/wavelets/cwt.js';

function naiveDft(re: Float64Array, im: Float64Array): [Float64Array, Float64Array] {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let t = 0; t < n; t++) {
      const a = (-2 * Math.PI * k * t) / n;
      outRe[k] += re[t] * Math.cos(a) - im[t] * Math.sin(a);
      outIm[k] += re[t] * Math.sin(a) + im[t] * Math.cos(a);
    }
  }
  return [outRe, outIm];
}

describe('FFT', () => {
  test.each([1, 2, 8, 64, 7, 100, 504])('length %i equals the naive DFT and inverts exactly', (n) => {
    const re = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.3) + (i % 3));
    const im = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.7));
    const [dftRe, dftIm] = naiveDft(re, im);
    const xr = re.slice();
    const xi = im.slice();
    fftInPlace(xr, xi);
    for (let k = 0; k < n; k++) {
      expect(xr[k]).toBeCloseTo(dftRe[k], 9);
      expect(xi[k]).toBeCloseTo(dftIm[k], 9);
    }
    fftInPlace(xr, xi, true);
    for (let k = 0; k < n; k++) {
      expect(xr[k]).toBeCloseTo(re[k], 12);
      expect(xi[k]).toBeCloseTo(im[k], 12);
    }
  });
});

describe('CWT on signals with known answers', () => {
  const n = 1000;
  const period = 50;
  const sine = Float64Array.from({ length: n }, (_, t) => 2 * Math.sin((2 * Math.PI * t) / period) + 5);

  test('a sine peaks in the global spectrum at its period and has power ≈ A²/2', () => {
    const result = cwt(sine, { dt: 1, dj: 1 / 12 });
    const gws = globalSpectrum(result);
    const jMax = gws.power.indexOf(Math.max(...gws.power));
    expect(Math.abs(Math.log2(result.periods[jMax] / period))).toBeLessThanOrEqual(1 / 12);
    const variance = scaleAverage(result, { band: [result.periods[0], result.periods[result.nScales - 1]] }).series[n / 2];
    expect(variance).toBeCloseTo(2, 0);
    expect(result.mean).toBeCloseTo(5, 1);
  });

  test('the inverse transform reconstructs an unpadded series (s0 = dt, large J) to within 2 % RMS', () => {
    const x = Float64Array.from({ length: 512 }, (_, t) => Math.sin(t / 7) + 0.5 * Math.cos(t / 31) + 0.2 * Math.sin(t * 1.9));
    const result = cwt(x, { dt: 1, dj: 1 / 8, s0: 1, J: 80, pad: 'none' });
    const recon = icwt(result);
    let err = 0;
    for (let i = 0; i < x.length; i++) err += (x[i] - result.mean - recon[i]) ** 2;
    expect(Math.sqrt(err / x.length) / Math.sqrt(result.variance)).toBeLessThan(0.02);
  });

  test('white-noise significance uses χ²₂ (95 % level = 2.996·σ²)', () => {
    expect(chiSquareQuantile(0.95, 2) / 2).toBeCloseTo(2.9957, 4);
  });

  test('padding modes', () => {
    expect(paddedLength(504)).toBe(512);
    expect(paddedLength(504, 'tc98')).toBe(1024);
    expect(paddedLength(4018, 'tc98')).toBe(8192);
    expect(paddedLength(504, 'none')).toBe(504);
    expect(paddedLength(504, 600)).toBe(600);
    expect(() => paddedLength(504, 500)).toThrow(InvalidParameterError);
  });

  test('cone of influence is zero-ish at the ends and √2·s·(Fourier factor) per step inside', () => {
    const result = cwt(sine, { dt: 2, dj: 0.25 });
    expect(result.coi[0]).toBeLessThan(1e-3);
    expect(result.coi[10]).toBeCloseTo((morlet().fourierFactor / Math.SQRT2) * 2 * 10, 10);
    expect(result.coi[n - 11]).toBeCloseTo(result.coi[10], 10);
  });
});

describe('degenerate wavelet inputs', () => {
  test('NaN, too short or bad options throw typed errors', () => {
    expect(() => cwt([1, Number.NaN, 3], { dt: 1 })).toThrow(/index 1/);
    expect(() => cwt([1], { dt: 1 })).toThrow(InsufficientDataError);
    expect(() => cwt([1, 2, 3, 4], { dt: 0 })).toThrow(InvalidParameterError);
    expect(() => cwt([1, 2, 3, 4], { dt: 1, J: -1 })).toThrow(/J/);
    expect(() => icwt(cwt([1, 2, 3, 4, 5, 6, 7, 8], { dt: 1, mother: morlet(8) }))).toThrow(/ω0 = 6/);
    expect(() => scaleAverage(cwt(Float64Array.from({ length: 64 }, (_, i) => Math.sin(i)), { dt: 1 }), { band: [1000, 2000] })).toThrow(/no scale/);
  });

  test('a constant series has zero wavelet power (not an error); its coherence is an error', () => {
    const result = cwt(new Float64Array(64).fill(3), { dt: 1 });
    expect(Math.max(...result.power)).toBe(0);
    expect(result.variance).toBe(0);
    expect(() => wtc(new Float64Array(64).fill(3), Float64Array.from({ length: 64 }, (_, i) => Math.sin(i)), { dt: 1 })).toThrow(/constant/);
  });
});
