/**
 * Figs. S3–S4: wavelets at an example site. S3: wavelet power of the observed seasonal and IAV bands of
 * NEE (whole record) against AR(1) red noise. S4: cross-wavelet power and wavelet coherence between the
 * observed band and the simulated one, for the correct-scale and the cross-scale LSTM of the site's
 * group, both simulating every day of the record after the first window (training and test parts).
 * Morlet ω0 = 6, dj = 1/12, periods from about 8 d to 2048 d; Monte Carlo coherence levels.
 */
import { availableParallelism } from 'node:os';
import {
  ar1,
  cwt,
  waveletPlot,
  waveletSignificance,
  wtc,
  wtcSignificanceParallel,
  xwt,
  type CwtOptions,
} from '@fluxscale/evaluation';
import { bandLabel, GUIDED_BANDS, type GuidedBand, otherBand } from '@fluxscale/decomposition';
import type { RunContext } from '../pipeline/context.js';
import { bandWindows, FigureInputError, finishedUnit, loadLstm, writeFigureCsv, writeFigureSvg } from './inputs.js';
import type { FigurePanel, FigureRecord, Finding } from './record.js';

/** Periods (d) where the paper finds FR-Gri's band power (Fig. S3). */
const PAPER_BAND_PERIODS: Record<GuidedBand, readonly [number, number]> = { seasonal: [128, 512], iav: [360, 1500] };

const MAX_LAG1 = 0.9999;

/**
 * Lag-1 autocorrelation of a band for its red-noise background. SSA bands are so smooth that the
 * estimate can reach 1 (or a rounding error above it), which no AR(1) process has; it is capped at
 * ±{@link MAX_LAG1}.
 */
export function bandLag1(series: Float64Array): number {
  return Math.max(-MAX_LAG1, Math.min(MAX_LAG1, ar1(series)));
}

/** Scale grid: s0 = 8 d (the bands hold no shorter periods), 1/12 octave, up to a period of about 2048 d (or the record). */
function scaleGrid(n: number): CwtOptions {
  const s0 = 8;
  const longest = Math.min(2048, n / 2) / 1.033;
  return { dt: 1, dj: 1 / 12, s0, J: Math.max(1, Math.floor(Math.log2(longest / s0) * 12)) };
}

/** The example site: the requested one, else the first CRO site planned, else the first site. */
export function waveletSite(ctx: RunContext, requested: string | null): string {
  const sites = ctx.units.filter((u) => u.kind === 'prepare').map((u) => u.input!);
  if (requested !== null) {
    if (!sites.some((s) => s.site === requested)) throw new FigureInputError(`wavelet: site ${requested} is not in this run (sites: ${sites.map((s) => s.site).join(', ')})`);
    return requested;
  }
  return (sites.find((s) => s.group === 'CRO') ?? sites[0]).site;
}

/** Sum and count of row `j` (period `period`) of a [scale][time] field over the times outside the cone of influence. */
function rowOutsideCoi(field: Float64Array, j: number, period: number, coi: Float64Array): [number, number] {
  const n = coi.length;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (period > coi[i]) continue;
    sum += field[j * n + i];
    count++;
  }
  return [sum, count];
}

/** Mean of a [scale][time] field over the cells outside the cone of influence whose period lies in [lo, hi]. */
export function meanInPeriods(field: Float64Array, periods: Float64Array, coi: Float64Array, lo: number, hi: number): number {
  let sum = 0;
  let count = 0;
  periods.forEach((period, j) => {
    if (period < lo || period > hi) return;
    const [s, c] = rowOutsideCoi(field, j, period, coi);
    sum += s;
    count += c;
  });
  return count > 0 ? sum / count : Number.NaN;
}

/** Per scale: the mean of a [scale][time] field over the times outside the cone of influence (NaN where none). */
export function meanOverTime(field: Float64Array, periods: Float64Array, coi: Float64Array): Float64Array {
  return Float64Array.from(periods, (period, j) => {
    const [sum, count] = rowOutsideCoi(field, j, period, coi);
    return count > 0 ? sum / count : Number.NaN;
  });
}

/** Each cell of a [scale][time] field divided by its scale's level. */
const ratioToLevel = (field: Float64Array, level: Float64Array, n: number): Float64Array => Float64Array.from(field, (v, k) => v / level[Math.floor(k / n)]);

/** Draws Figs. S3–S4 into RUN_DIR/figures/wavelet and returns the record. */
export async function drawWavelet(ctx: RunContext, options: { site?: string; log?: (line: string) => void } = {}): Promise<FigureRecord> {
  const { figures, seed } = ctx.config;
  const siteId = waveletSite(ctx, options.site ?? figures.site);
  const site = ctx.site(siteId);
  const group = site.info.group;
  const models = Object.fromEntries(
    await Promise.all(GUIDED_BANDS.map(async (band) => [band, await loadLstm(ctx, finishedUnit(ctx, 'wavelet', 'fit', { group, task: band, model: 'lstm' }))] as const)),
  ) as Record<GuidedBand, Awaited<ReturnType<typeof loadLstm>>>;
  const panels: FigurePanel[] = [];
  const globalRows: Record<string, unknown>[] = [];
  const findings: Finding[] = [];
  const dates = site.dates;
  for (const band of GUIDED_BANDS) {
    const observed = site.truth(band);
    const grid = scaleGrid(observed.length);
    const w = cwt(observed, grid);
    const level = waveletSignificance(w, { lag1: bandLag1(observed) }).level;
    const normalized = Float64Array.from(w.power, (p) => p / w.variance);
    const svg = await waveletPlot({
      time: dates,
      periods: w.periods,
      power: normalized,
      coi: w.coi,
      significance: ratioToLevel(w.power, level, w.n),
      title: `${siteId} observed ${bandLabel(band)} NEE: wavelet power`,
      kind: 'power',
    });
    panels.push({ file: writeFigureSvg(ctx.runDir, 'wavelet', `s3-power-${band}.svg`, svg), title: `Fig. S3 — wavelet power of ${siteId}'s ${bandLabel(band)} NEE`, caption: 'Power / variance; black contours: 95 % level against AR(1) red noise; shaded: cone of influence.' });
    const global = meanOverTime(normalized, w.periods, w.coi);
    w.periods.forEach((period, j) => globalRows.push({ band, period, power: global[j], level: level[j] / w.variance }));
    let peak = -1;
    global.forEach((v, j) => {
      if (Number.isFinite(v) && (peak < 0 || v > global[peak])) peak = j;
    });
    const [lo, hi] = PAPER_BAND_PERIODS[band];
    const peakPeriod = peak >= 0 ? w.periods[peak] : Number.NaN;
    findings.push({
      id: `s3-${band}-power`,
      claim: `${band === 'seasonal' ? 'Seasonal' : 'IAV'} NEE power lies at periods of ${lo}–${hi} d`,
      paper: `Fig. S3 (FR-Gri): strong ${bandLabel(band)} power at ${lo}–${hi} d`,
      observed: `${siteId}: time-averaged power (outside the cone of influence) peaks at ${peakPeriod.toFixed(0)} d`,
      reproduced: Number.isFinite(peakPeriod) ? peakPeriod >= lo && peakPeriod <= hi : null,
    });
  }
  const coherenceRows: Record<string, unknown>[] = [];
  for (const band of GUIDED_BANDS) {
    const coherence: Record<string, number> = {};
    for (const scale of ['correct-scale', 'cross-scale'] as const) {
      const trainedOn = scale === 'correct-scale' ? band : otherBand(band);
      const { model, scaler } = models[trainedOn];
      const source = bandWindows(ctx, [siteId], band, scaler, 'all');
      const simulated = scaler.inverseTarget(await model.predict(source));
      const observedBand = site.truth(band);
      const observed = Float64Array.from(source.sampleDay, (day) => observedBand[day - site.info.firstDay]);
      const time = Int32Array.from(source.sampleDay);
      const grid = scaleGrid(observed.length);
      options.log?.(`wavelet: ${bandLabel(band)} NEE, ${scale} LSTM: cross-wavelet, coherence and ${figures.surrogates} Monte Carlo pairs`);
      const lag1 = [bandLag1(observed), bandLag1(simulated)] as const;
      const cross = xwt(observed, simulated, { ...grid, lag1 });
      const coh = wtc(observed, simulated, grid);
      const mc = await wtcSignificanceParallel(...lag1, { ...grid, J: coh.J, count: figures.surrogates, seed, workers: availableParallelism() });
      const label = `${bandLabel(band)} NEE: observed vs ${scale} LSTM (trained on ${bandLabel(trainedOn)})`;
      const xwtSvg = await waveletPlot({ time, periods: cross.periods, power: cross.power, coi: cross.coi, significance: ratioToLevel(cross.power, cross.level, cross.n), phase: cross.phase, title: `${siteId} ${label}: cross-wavelet`, kind: 'xwt' });
      panels.push({ file: writeFigureSvg(ctx.runDir, 'wavelet', `s4-xwt-${band}-${scale}.svg`, xwtSvg), title: `Fig. S4 — cross-wavelet, ${label}`, caption: 'Arrows: relative phase (→ in phase, ↓ observed leads); contours: 95 % level against red noise.' });
      const wtcSvg = await waveletPlot({ time, periods: coh.periods, power: coh.rsq, coi: coh.coi, significance: ratioToLevel(coh.rsq, mc.level, coh.n), phase: coh.phase, title: `${siteId} ${label}: coherence`, kind: 'wtc' });
      panels.push({ file: writeFigureSvg(ctx.runDir, 'wavelet', `s4-wtc-${band}-${scale}.svg`, wtcSvg), title: `Fig. S4 — wavelet coherence, ${label}`, caption: `Contours: 95 % level from ${figures.surrogates} Monte Carlo AR(1) surrogate pairs.` });
      const rsqByPeriod = meanOverTime(coh.rsq, coh.periods, coh.coi);
      const xwtByPeriod = meanOverTime(cross.power, cross.periods, cross.coi);
      coh.periods.forEach((period, j) =>
        coherenceRows.push({ band, scale, trainedOn, period, meanXwt: xwtByPeriod[j], xwtLevel: cross.level[j], meanRsq: rsqByPeriod[j], rsqLevel: mc.level[j] }),
      );
      coherence[scale] = meanInPeriods(coh.rsq, coh.periods, coh.coi, ...PAPER_BAND_PERIODS[band]);
    }
    const [lo, hi] = PAPER_BAND_PERIODS[band];
    findings.push({
      id: `s4-${band}-coherence`,
      claim: `At ${bandLabel(band)} periods the correct-scale LSTM is more coherent with the observed ${bandLabel(band)} NEE than the cross-scale one`,
      paper: 'Fig. S4: correct-scale models share periods and phase with the observations; cross-scale ones lose coherence',
      observed: `${siteId}, mean R² at ${lo}–${hi} d outside the cone: correct ${coherence['correct-scale'].toFixed(2)}, cross ${coherence['cross-scale'].toFixed(2)}`,
      reproduced: Number.isFinite(coherence['correct-scale'] - coherence['cross-scale']) ? coherence['correct-scale'] > coherence['cross-scale'] : null,
    });
  }
  const data = [
    writeFigureCsv(ctx.runDir, 'wavelet', 'wavelet-global-power.csv', ['band', 'period', 'power', 'level'], globalRows),
    writeFigureCsv(ctx.runDir, 'wavelet', 'wavelet-coherence.csv', ['band', 'scale', 'trainedOn', 'period', 'meanXwt', 'xwtLevel', 'meanRsq', 'rsqLevel'], coherenceRows),
  ];
  return {
    id: 'wavelet',
    title: `Figs. S3–S4 — wavelet power and coherence at ${siteId} (${group})`,
    caption:
      `Observed bands of ${siteId} and the simulations of the ${group} LSTMs over the whole record after the first window (training and test days). Period axis in days; power normalised by the variance; time-averaged values in the CSVs exclude the cone of influence.`,
    panels,
    data,
    findings,
    settings: { site: siteId, group, surrogates: figures.surrogates, seed, dj: 1 / 12, s0: 8, maxPeriod: 2048 },
    createdAt: new Date().toISOString(),
  };
}
