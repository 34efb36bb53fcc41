import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cwt, globalSpectrum, icwt, morlet, scaleAverage, waveletSignificance, waveletVariance } from '../src/index.js';

const dir = path.join(__dirname, 'fixtures', 'wavelets');
const sst = Float64Array.from(readFileSync(path.join(dir, 'sst_nino3.dat'), 'utf8').trim().split(/\s+/), Number);
const output = readFileSync(path.join(dir, 'wavetest_output.txt'), 'utf8');

interface Row {
  j: number;
  scale: number;
  period: number;
  power: number;
  phase: number;
  signif: number;
  global: number;
  globalSignif: number;
}

const rows: Row[] = output
  .split('\n')
  .map((line) => line.trim().split(/\s+/).map(Number))
  .filter((cells) => cells.length === 8 && cells.every(Number.isFinite))
  .map(([j, scale, period, power, phase, signif, global, globalSignif]) => ({ j, scale, period, power, phase, signif, global, globalSignif }));
const printed = (label: string): number => Number(new RegExp(`${label}\\s*=\\s*(-?[\\d.]+)`).exec(output)?.[1]);

/** 1 % of the reference plus half a unit of its last printed digit (values are printed with 3 decimals). */
const within = (actual: number, expected: number, halfUnit = 0.0005): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(0.01 * Math.abs(expected) + halfUnit);
};

describe("Torrence & Compo's wavetest.f output on NINO3", () => {
  const dt = 0.25;
  const result = cwt(sst, { dt, s0: dt, dj: 0.25, J: 43, pad: 'tc98', mother: morlet(6) });
  const n = result.n;
  const lag1 = 0.72;

  test('the table was parsed', () => {
    expect(rows).toHaveLength(44);
    expect(result.paddedLength).toBe(1024);
  });

  test('scales, periods, |W|² and phase at n/2 match every row', () => {
    const t = n / 2 - 1; // Fortran's wave(n/2, j), 1-based
    for (const row of rows) {
      const j = row.j - 1;
      within(result.scales[j], row.scale);
      within(result.periods[j], row.period);
      within(result.power[j * n + t], row.power);
      const phase = (Math.atan2(result.wave.im[j * n + t], result.wave.re[j * n + t]) * 180) / Math.PI;
      const diff = Math.abs(((phase - row.phase + 540) % 360) - 180);
      // phases: 1 % of |phase| with a floor of 0.5° (phases near ±180° are compared on the circle)
      expect(diff).toBeLessThanOrEqual(Math.max(0.01 * Math.abs(row.phase), 0.5));
    }
  });

  test('local 5 % significance levels match every row', () => {
    const sig = waveletSignificance(result, { lag1, significanceLevel: 0.95 });
    rows.forEach((row) => within(sig.level[row.j - 1], row.signif));
  });

  test('global spectrum and its 5 % level (dof from na = n − scale, as wavetest.f) match every row', () => {
    const na = Float64Array.from(result.scales, (s) => n - s);
    const gws = globalSpectrum(result, { lag1, significanceLevel: 0.95, na });
    rows.forEach((row) => {
      within(gws.power[row.j - 1], row.global);
      within(gws.level[row.j - 1], row.globalSignif);
    });
  });

  test('scale-averaged (scales 2–7.9 yr) degrees of freedom and 5 % level match', () => {
    const avg = scaleAverage(result, { band: [2, 7.9], by: 'scale', lag1, significanceLevel: 0.95 });
    within(avg.dof, printed('Scale-average degrees of freedom'));
    within(avg.level, printed('Scale-avg 5% significance level'));
  });

  test('reconstructed variance, mean and RMS difference match', () => {
    within(waveletVariance(result), printed('Reconstructed variance'), 0.000005);
    within(result.variance, printed('Original variance'), 0.000005);
    const recon = icwt(result);
    let sum = 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      sum += recon[i];
      ss += (sst[i] - result.mean - recon[i]) ** 2;
    }
    within(sum / n, printed('Reconstructed mean'), 0.0000005);
    within(Math.sqrt(ss / n), printed('Root-mean-square difference of time series'), 0.0000005);
  });
});
