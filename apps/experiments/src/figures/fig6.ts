/**
 * Fig. 6: GradientSHAP driver shares of the guided seasonal and IAV LSTMs and of the unguided LSTM,
 * per ecosystem group and averaged over groups. Each group's test windows (evenly spread over the
 * test part; under leave-site-out, over the held-out sites' whole records) are explained against a background of real windows of the group's whole record; a
 * driver's share is Σ|φ| over its features, days and windows divided by Σ|φ| over the meteorological
 * drivers (DOY and location features are reported in the CSV, not in the shares, as in the paper).
 */
import { backgroundIndices, defaultDriverOf, driverShares, gradientShap, groupedBars } from '@fluxscale/evaluation';
import type { Task } from '@fluxscale/decomposition';
import type { RunContext } from '../pipeline/context.js';
import { bandWindows, evenlySpaced, finishedUnit, fittedGroups, loadLstm, testWindows, writeFigureCsv, writeFigureSvg } from './inputs.js';
import type { FigurePanel, FigureRecord, Finding } from './record.js';

const EXPLAINED: readonly Task[] = ['seasonal', 'iav', 'raw'];
const TASK_LABEL: Record<string, string> = { seasonal: 'seasonal LSTM', iav: 'IAV LSTM', raw: 'unguided LSTM' };
/** Drivers that are not meteorology: left out of the shares (kept in the CSV). */
const NON_METEOROLOGICAL = new Set(['DOY', 'location']);
/** The paper's mean shares over groups (%), its Fig. 6. */
export const PAPER_SHARES: Record<'seasonal' | 'iav', Readonly<Record<string, number>>> = {
  seasonal: { radiation: 46.9, temperature: 34.8 },
  iav: { temperature: 24.5, radiation: 21.1 },
};

/** Meteorological shares (%) of one model. */
export interface ModelShares {
  readonly group: string;
  readonly task: Task;
  /** driver → % of Σ|φ| over the meteorological drivers. */
  readonly shares: Readonly<Record<string, number>>;
}

/** Mean share of each driver over groups, per task. */
export function meanShares(all: readonly ModelShares[], task: Task, drivers: readonly string[]): Record<string, number> {
  const rows = all.filter((s) => s.task === task);
  return Object.fromEntries(drivers.map((d) => [d, rows.reduce((sum, r) => sum + (r.shares[d] ?? 0), 0) / Math.max(1, rows.length)]));
}

const ranked = (shares: Readonly<Record<string, number>>): string[] => Object.keys(shares).sort((a, b) => shares[b] - shares[a]);
const pct = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '—' : `${v.toFixed(1)} %`);

/** The paper's Fig. 6 findings checked on the mean shares of the seasonal and IAV models. */
export function shareFindings(seasonal: Readonly<Record<string, number>>, iav: Readonly<Record<string, number>>): Finding[] {
  const has = (d: string) => d in seasonal && d in iav;
  const both = has('radiation') && has('temperature');
  const s = ranked(seasonal);
  const maxOf = (x: Readonly<Record<string, number>>) => Math.max(...Object.values(x));
  return [
    {
      id: 'fig6-seasonal-radiation',
      claim: 'Radiation is the largest driver of the seasonal LSTM, temperature the second',
      paper: 'Fig. 6: radiation 46.9 %, temperature 34.8 %',
      observed: `ranking ${s.map((d) => `${d} ${pct(seasonal[d])}`).join(', ')}`,
      reproduced: both ? s[0] === 'radiation' && s[1] === 'temperature' : null,
    },
    {
      id: 'fig6-iav-temperature',
      claim: 'Temperature outweighs radiation in the IAV LSTM',
      paper: 'Fig. 6: temperature 24.5 %, radiation 21.1 %',
      observed: `temperature ${pct(iav.temperature)}, radiation ${pct(iav.radiation)}`,
      reproduced: both ? iav.temperature > iav.radiation : null,
    },
    {
      id: 'fig6-radiation-drop',
      claim: "Radiation's share drops from the seasonal to the IAV model",
      paper: 'Fig. 6: 46.9 % → 21.1 %',
      observed: `${pct(seasonal.radiation)} → ${pct(iav.radiation)}`,
      reproduced: has('radiation') ? iav.radiation < seasonal.radiation : null,
    },
    {
      id: 'fig6-iav-even',
      claim: 'IAV attributions are spread more evenly over the drivers than seasonal ones',
      paper: 'Fig. 6: in the IAV model precipitation, VPD and wind each exceed 15 %; the largest share is 24.5 % (seasonal: 46.9 %)',
      observed: `largest share: IAV ${pct(maxOf(iav))}, seasonal ${pct(maxOf(seasonal))}`,
      reproduced: Object.keys(iav).length > 1 ? maxOf(iav) < maxOf(seasonal) : null,
    },
  ];
}

/** Draws Fig. 6 into RUN_DIR/figures/fig6 and returns the record. */
export async function drawFig6(ctx: RunContext, options: { log?: (line: string) => void } = {}): Promise<FigureRecord> {
  const { shap } = ctx.config.figures;
  const seed = ctx.config.seed;
  const groups = fittedGroups(ctx);
  const all: ModelShares[] = [];
  const shareRows: Record<string, unknown>[] = [];
  const checkRows: Record<string, unknown>[] = [];
  let done = 0;
  for (const group of groups) {
    for (const task of EXPLAINED) {
      const fit = finishedUnit(ctx, 'fig6', 'fit', { group, task, model: 'lstm' });
      const { model, scaler } = await loadLstm(ctx, fit);
      const test = testWindows(ctx, fit, task, scaler);
      const whole = bandWindows(ctx, fit.sites!, task, scaler, 'all');
      const inputs = test.batch(evenlySpaced(test.size, shap.windows));
      const background = whole.batch(backgroundIndices(whole.sampleSite, Math.min(shap.background, whole.size), seed));
      const result = await gradientShap(model.windowFunction(), { inputs, background, samples: shap.samples, seed, batchSize: 64 });
      model.release();
      const shares = driverShares(result, test.featureNames);
      const meteorological = shares.filter((s) => !NON_METEOROLOGICAL.has(s.driver));
      const total = meteorological.reduce((sum, s) => sum + s.absolute, 0);
      all.push({ group, task, shares: Object.fromEntries(meteorological.map((s) => [s.driver, (100 * s.absolute) / total])) });
      for (const s of shares) {
        shareRows.push({ group, task, driver: s.driver, features: s.features.join(' '), share: s.share, meteorologicalShare: NON_METEOROLOGICAL.has(s.driver) ? Number.NaN : (100 * s.absolute) / total, absolute: s.absolute, signed: s.signed });
      }
      const c = result.completenessError;
      checkRows.push({ group, task, windows: result.n, samples: result.samples, meanAbsoluteGap: c.meanAbsoluteGap, meanAbsoluteDelta: c.meanAbsoluteDelta, relativeMeanGap: c.relativeMeanGap });
      options.log?.(`fig6: ${++done}/${groups.length * EXPLAINED.length} models explained (${group} ${TASK_LABEL[task]}, ${result.n} windows)`);
    }
  }
  const drivers = [...new Set(ctx.config.data.drivers.map(defaultDriverOf))];
  const mean = Object.fromEntries(EXPLAINED.map((t) => [t, meanShares(all, t, drivers)])) as Record<Task, Record<string, number>>;
  const panels: FigurePanel[] = [];
  const averaged = await groupedBars({
    title: 'Driver shares of |SHAP|, mean over ecosystem groups',
    categories: drivers,
    series: [
      ...EXPLAINED.map((t) => ({ name: `${TASK_LABEL[t]} (this run)`, values: drivers.map((d) => mean[t][d]) })),
      ...(['seasonal', 'iav'] as const).map((t) => ({ name: `${TASK_LABEL[t]} (paper)`, values: drivers.map((d) => PAPER_SHARES[t][d] ?? Number.NaN) })),
    ],
    yTitle: 'Share of Σ|φ| (%)',
    xTitle: 'Driver',
  });
  panels.push({ file: writeFigureSvg(ctx.runDir, 'fig6', 'fig6-mean-shares.svg', averaged), title: 'Fig. 6 — driver shares, mean over groups', caption: `This run: shares over its ${drivers.length} drivers; the paper's are over five (wind, precipitation, temperature, net radiation, VPD), so compare rankings rather than levels.` });
  for (const task of EXPLAINED) {
    const svg = await groupedBars({
      title: `Driver shares of the ${TASK_LABEL[task]} per ecosystem group`,
      categories: groups,
      series: drivers.map((d) => ({ name: d, values: groups.map((g) => all.find((s) => s.group === g && s.task === task)!.shares[d]) })),
      yTitle: 'Share of Σ|φ| (%)',
      xTitle: 'Ecosystem group',
    });
    panels.push({ file: writeFigureSvg(ctx.runDir, 'fig6', `fig6-groups-${task}.svg`, svg), title: `Fig. 6 — ${TASK_LABEL[task]} per group` });
  }
  const data = [
    writeFigureCsv(ctx.runDir, 'fig6', 'fig6-shares.csv', ['group', 'task', 'driver', 'features', 'share', 'meteorologicalShare', 'absolute', 'signed'], shareRows),
    writeFigureCsv(ctx.runDir, 'fig6', 'fig6-completeness.csv', ['group', 'task', 'windows', 'samples', 'meanAbsoluteGap', 'meanAbsoluteDelta', 'relativeMeanGap'], checkRows),
  ];
  return {
    id: 'fig6',
    title: 'Fig. 6 — GradientSHAP driver shares',
    caption: `GradientSHAP (expected gradients) of ${shap.windows} test windows per model, ${shap.samples} samples each, against ${shap.background} background windows of the group's record. Share of a driver = Σ|φ| over its features, days and windows ÷ Σ|φ| over the meteorological drivers. The completeness check (Σφ against f(x) − E f(b)) is in fig6-completeness.csv.`,
    panels,
    data,
    findings: shareFindings(mean.seasonal, mean.iav),
    settings: { ...shap, seed, groups },
    createdAt: new Date().toISOString(),
  };
}
