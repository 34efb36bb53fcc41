/**
 * Fig. 3: guided minus unguided LSTM per ecosystem group — ΔRMSE, ΔR², ΔLCS, ΔMAE on the seasonal
 * and IAV bands of the test part. Guided = the LSTM trained on the band; unguided = the raw-NEE
 * LSTM's out-of-sample prediction decomposed by SSA (as the score stage does).
 */
import { isBetter, scoreAll, type Scores } from '@fluxscale/evaluation';
import { GUIDED_BANDS, type GuidedBand } from '@fluxscale/decomposition';
import type { RunContext } from '../pipeline/context.js';
import { joinedPredictions, unguidedBands } from '../pipeline/out-of-sample.js';
import { againstTruth } from '../pipeline/predictions.js';
import { bandDeltaTable, DELTA_METRICS, deltaLabel, type DeltaMetric } from './deltas.js';
import { finishedUnits, fittedGroups, writeFigureCsv, writeFigureSvg } from './inputs.js';
import type { Finding, FigureRecord } from './record.js';

/** Guided and unguided scores of one group on one band. */
export interface GuidanceScores {
  readonly group: string;
  readonly band: GuidedBand;
  readonly guided: Scores;
  readonly unguided: Scores;
}

/** Scores of the guided and unguided LSTM of every group on both bands. */
export function guidanceScores(ctx: RunContext): GuidanceScores[] {
  const out: GuidanceScores[] = [];
  for (const group of fittedGroups(ctx)) {
    const unguided = unguidedBands(ctx, joinedPredictions(ctx, finishedUnits(ctx, 'fig3', 'fit', { group, task: 'raw', model: 'lstm' })));
    for (const band of GUIDED_BANDS) {
      const guided = againstTruth(ctx, joinedPredictions(ctx, finishedUnits(ctx, 'fig3', 'fit', { group, task: band, model: 'lstm' })), band);
      out.push({ group, band, guided: scoreAll(guided.observed, guided.predicted), unguided: scoreAll(unguided[band].observed, unguided[band].predicted) });
    }
  }
  return out;
}

/** The paper's Fig. 3 findings checked on `scores`. */
export function guidanceFindings(scores: readonly GuidanceScores[]): Finding[] {
  const findings: Finding[] = [];
  const count = (band: GuidedBand, metric: DeltaMetric) => {
    const rows = scores.filter((s) => s.band === band && Number.isFinite(s.guided[metric] - s.unguided[metric]));
    const deltas = rows.map((s) => s.guided[metric] - s.unguided[metric]);
    const wins = deltas.filter((d) => isBetter(metric, d, 0)).length;
    const mean = deltas.reduce((a, b) => a + b, 0) / Math.max(1, deltas.length);
    return { wins, n: rows.length, mean };
  };
  for (const [band, metric, claim] of [
    ['iav', 'r2', 'Scale guidance raises the LSTM\'s IAV R² in most ecosystem groups'],
    ['iav', 'rmse', 'Scale guidance lowers the LSTM\'s IAV RMSE in most ecosystem groups'],
    ['seasonal', 'rmse', 'Scale guidance lowers the LSTM\'s seasonal RMSE in most ecosystem groups'],
  ] as const) {
    const c = count(band, metric);
    findings.push({
      id: `fig3-${band}-${metric}`,
      claim,
      paper: 'Fig. 3: blue (guided better than unguided) in most groups and metrics',
      observed: `better in ${c.wins} of ${c.n} groups, mean ${deltaLabel(metric)} ${c.mean >= 0 ? '+' : ''}${c.mean.toFixed(3)}`,
      reproduced: c.n === 0 ? null : c.wins > c.n / 2,
    });
  }
  const iavR2 = scores.filter((s) => s.band === 'iav').map((s) => ({ group: s.group, delta: s.guided.r2 - s.unguided.r2 }));
  const wsa = iavR2.find((s) => s.group.includes('WSA') || s.group.includes('SAV'));
  const top = [...iavR2].filter((s) => Number.isFinite(s.delta)).sort((a, b) => b.delta - a.delta)[0];
  findings.push({
    id: 'fig3-wsa-iav-r2',
    claim: 'The largest IAV R² gain from guidance is in savannas (SAV/WSA)',
    paper: 'Fig. 3: SAV/WSA IAV ΔR² +0.42',
    observed: wsa
      ? `${wsa.group} ΔR² ${wsa.delta >= 0 ? '+' : ''}${wsa.delta.toFixed(3)}; largest: ${top?.group} (${top ? top.delta.toFixed(3) : '—'})`
      : 'no SAV/WSA group in this run',
    reproduced: wsa && top ? wsa.group === top.group : null,
  });
  return findings;
}

/** Draws Fig. 3 into RUN_DIR/figures/fig3 and returns its record. */
export async function drawFig3(ctx: RunContext): Promise<FigureRecord> {
  const scores = guidanceScores(ctx);
  const groups = [...new Set(scores.map((s) => s.group))];
  const svg = await bandDeltaTable(
    groups,
    (group, band, metric) => {
      const s = scores.find((x) => x.group === group && x.band === band)!;
      return s.guided[metric] - s.unguided[metric];
    },
    { title: 'Guided minus unguided LSTM (test part; RMSE, LCS, MAE in gC m⁻² d⁻¹)', columnTitle: 'Difference (guided − unguided)' },
  );
  const file = writeFigureSvg(ctx.runDir, 'fig3', 'fig3-guidance.svg', svg);
  const csv = writeFigureCsv(
    ctx.runDir,
    'fig3',
    'fig3-guidance.csv',
    ['group', 'band', 'metric', 'guided', 'unguided', 'delta', 'n'],
    scores.flatMap((s) => DELTA_METRICS.map((m) => ({ group: s.group, band: s.band, metric: m, guided: s.guided[m], unguided: s.unguided[m], delta: s.guided[m] - s.unguided[m], n: s.guided.n }))),
  );
  return {
    id: 'fig3',
    title: 'Fig. 3 — guided minus unguided LSTM per ecosystem group',
    caption:
      'Differences of test-part scores between the LSTM trained on a band (guided) and the raw-NEE LSTM whose whole-record prediction is decomposed into bands by SSA (unguided), per ecosystem group. Blue: guidance is better (lower RMSE, LCS, MAE; higher R²); red: worse.',
    panels: [{ file, title: 'ΔRMSE, ΔR², ΔLCS, ΔMAE, seasonal and IAV bands' }],
    data: [csv],
    findings: guidanceFindings(scores),
    settings: { model: 'lstm', groups },
    createdAt: new Date().toISOString(),
  };
}
