/**
 * Figs. 4–5: the cross-scale experiment per ecosystem group. Correct-scale = the LSTM trained on the
 * target's band; cross-scale = the LSTM of the other band applied to the target band's inputs.
 * Panels: correct minus cross scores per group (Fig. 4), Taylor diagrams of the seasonal and IAV
 * targets (Fig. 5a, b), and per-site R² and RMSE means with 25–75 % bars and paired t-test stars
 * (Fig. 5c, d).
 */
import { groupedBars, METRICS, metricUnit, pairedTTest, scoreAll, scoreBySite, summarize, taylorDiagram, taylorStats } from '@fluxscale/evaluation';
import { bandLabel, GUIDED_BANDS, type GuidedBand, otherBand } from '@fluxscale/decomposition';
import type { RunContext } from '../pipeline/context.js';
import { againstTruth, type Predictions } from '../pipeline/predictions.js';
import { crossFile } from '../pipeline/work.js';
import { bandDeltaTable } from './deltas.js';
import { finishedUnits, fittedGroups, writeFigureCsv, writeFigureSvg } from './inputs.js';
import { joinedPredictions } from '../pipeline/out-of-sample.js';
import type { FigurePanel, FigureRecord, Finding } from './record.js';

type Scale = 'correct-scale' | 'cross-scale';
const SCALES: readonly Scale[] = ['correct-scale', 'cross-scale'];
/** Outer radius of the Taylor diagrams (normalised SD): cross-scale models can be far beyond it. */
const TAYLOR_MAX_SD = 2.5;

/** Test predictions of the correct-scale and cross-scale LSTM of one group on one target band. */
interface CrossPair {
  readonly group: string;
  readonly target: GuidedBand;
  readonly predictions: Record<Scale, Predictions>;
}

function crossPairs(ctx: RunContext): CrossPair[] {
  return fittedGroups(ctx).flatMap((group) => {
    const cross = finishedUnits(ctx, 'fig5', 'cross', { group, model: 'lstm' });
    return GUIDED_BANDS.map((target) => ({
      group,
      target,
      predictions: {
        'correct-scale': againstTruth(ctx, joinedPredictions(ctx, finishedUnits(ctx, 'fig5', 'fit', { group, task: target, model: 'lstm' })), target),
        'cross-scale': againstTruth(ctx, joinedPredictions(ctx, cross, crossFile(otherBand(target))), target),
      },
    }));
  });
}

/** Per-site R² and RMSE of both scales on one target, paired by site, with the paired t-tests. */
function siteComparison(pairs: readonly CrossPair[], target: GuidedBand) {
  const rows = pairs
    .filter((p) => p.target === target)
    .flatMap((p) => {
      const byScale = (scale: Scale) => scoreBySite(p.predictions[scale].observed, p.predictions[scale].predicted, p.predictions[scale].site);
      const cross = new Map(byScale('cross-scale').map((s) => [String(s.site), s]));
      return byScale('correct-scale').map((c) => ({ group: p.group, site: String(c.site), correct: c, cross: cross.get(String(c.site))! }));
    });
  const test = (metric: 'r2' | 'rmse') => {
    if (rows.length < 2) return null;
    return pairedTTest(rows.map((r) => r.correct[metric]), rows.map((r) => r.cross[metric]));
  };
  return { rows, r2: test('r2'), rmse: test('rmse') };
}

const stars = (p: number | undefined): string => (p === undefined || !Number.isFinite(p) ? '' : p < 0.001 ? '***' : p < 0.01 ? '**' : p < 0.05 ? '*' : 'n.s.');

/** Draws Figs. 4–5 into RUN_DIR/figures/fig5 and returns the record. */
export async function drawFig5(ctx: RunContext): Promise<FigureRecord> {
  const pairs = crossPairs(ctx);
  const groups = [...new Set(pairs.map((p) => p.group))];
  const perScale = <T,>(p: CrossPair, score: (observed: Float64Array, predicted: Float64Array) => T): Record<Scale, T> =>
    Object.fromEntries(SCALES.map((scale) => [scale, score(p.predictions[scale].observed, p.predictions[scale].predicted)])) as Record<Scale, T>;
  const pooled = pairs.map((p) => ({ ...p, scores: perScale(p, scoreAll), taylor: perScale(p, taylorStats) }));
  const find = (group: string, target: GuidedBand) => pooled.find((p) => p.group === group && p.target === target)!;
  const panels: FigurePanel[] = [];
  const heat = await bandDeltaTable(groups, (g, t, m) => find(g, t).scores['correct-scale'][m] - find(g, t).scores['cross-scale'][m], {
    title: 'Correct-scale minus cross-scale LSTM (test part; RMSE, LCS, MAE in gC m⁻² d⁻¹)',
    columnTitle: 'Difference (correct − cross scale)',
  });
  panels.push({ file: writeFigureSvg(ctx.runDir, 'fig5', 'fig4-cross-scale-deltas.svg', heat), title: 'Fig. 4 — correct minus cross scale per group', caption: 'Blue: the LSTM of the target\'s own band is better.' });
  for (const target of GUIDED_BANDS) {
    const svg = await taylorDiagram({
      title: `${bandLabel(target)} NEE: correct- vs cross-scale LSTM per group`,
      maxSdRatio: TAYLOR_MAX_SD,
      models: pooled
        .filter((p) => p.target === target)
        .flatMap((p) => SCALES.map((scale) => ({ name: scale, group: p.group, sdRatio: p.taylor[scale].normalizedSd, correlation: p.taylor[scale].correlation }))),
    });
    panels.push({
      file: writeFigureSvg(ctx.runDir, 'fig5', `fig5-taylor-${target}.svg`, svg),
      title: `Fig. 5 — Taylor diagram, ${bandLabel(target)} NEE`,
      caption: `SD normalised by the observed band's SD; one shape per ecosystem group; models beyond ${TAYLOR_MAX_SD} times the observed SD are open symbols on the outer arc (values in fig5-groups.csv).`,
    });
  }
  const comparisons = GUIDED_BANDS.map((target) => ({ target, ...siteComparison(pairs, target) }));
  for (const metric of ['r2', 'rmse'] as const) {
    const series = SCALES.map((scale) => {
      const summaries = comparisons.map((c) => summarize(c.rows.map((r) => (scale === 'correct-scale' ? r.correct : r.cross)[metric])));
      return { name: scale, values: summaries.map((s) => s.mean), lower: summaries.map((s) => s.p25), upper: summaries.map((s) => s.p75) };
    });
    const { label } = METRICS[metric];
    const svg = await groupedBars({
      title: `Per-site ${label}: mean with 25–75 % bars, paired t-test`,
      categories: comparisons.map((c) => `${bandLabel(c.target)} NEE`),
      series,
      yTitle: `${label} (${metricUnit(metric) || '–'})`,
      xTitle: 'Target band',
      stars: comparisons.map((c) => stars(c[metric]?.p)),
    });
    panels.push({ file: writeFigureSvg(ctx.runDir, 'fig5', `fig5-sites-${metric}.svg`, svg), title: `Fig. 5 — per-site ${label}`, caption: '* p < 0.05, ** p < 0.01, *** p < 0.001 (two-sided paired t-test over sites); n.s. not significant.' });
  }
  const data = [
    writeFigureCsv(
      ctx.runDir,
      'fig5',
      'fig5-groups.csv',
      ['group', 'target', 'scale', 'n', 'rmse', 'r2', 'lcs', 'mae', 'normalizedSd', 'correlation', 'normalizedCrmsd'],
      pooled.flatMap((p) => SCALES.map((scale) => ({ group: p.group, target: p.target, scale, ...p.scores[scale], ...p.taylor[scale] }))),
    ),
    writeFigureCsv(
      ctx.runDir,
      'fig5',
      'fig5-sites.csv',
      ['site', 'group', 'target', 'correctR2', 'crossR2', 'correctRmse', 'crossRmse'],
      comparisons.flatMap((c) => c.rows.map((r) => ({ site: r.site, group: r.group, target: c.target, correctR2: r.correct.r2, crossR2: r.cross.r2, correctRmse: r.correct.rmse, crossRmse: r.cross.rmse }))),
    ),
    writeFigureCsv(
      ctx.runDir,
      'fig5',
      'fig5-ttests.csv',
      ['target', 'metric', 'n', 'meanDiff', 't', 'df', 'p'],
      comparisons.flatMap((c) => (['r2', 'rmse'] as const).map((metric) => ({ target: c.target, metric, ...(c[metric] ?? { n: c.rows.length }) }))),
    ),
  ];
  return {
    id: 'fig5',
    title: 'Figs. 4–5 — cross-scale experiment per ecosystem group',
    caption:
      'Correct-scale: the LSTM trained on the target band; cross-scale: the LSTM trained on the other band, given the target band\'s drivers (test part). Taylor diagrams place each group\'s two models by correlation and normalised SD; bars are per-site means with 25th–75th percentiles.',
    panels,
    data,
    findings: crossFindings(pooled.map((p) => ({ group: p.group, target: p.target, correct: p.scores['correct-scale'], cross: p.scores['cross-scale'] })), comparisons),
    settings: { model: 'lstm', groups },
    createdAt: new Date().toISOString(),
  };
}

/** The paper's cross-scale findings checked on pooled group scores and per-site tests. */
export function crossFindings(
  groups: ReadonlyArray<{ group: string; target: GuidedBand; correct: { rmse: number }; cross: { rmse: number } }>,
  comparisons: ReadonlyArray<{ target: GuidedBand; rows: readonly unknown[]; r2: { p: number; meanDiff: number } | null }>,
): Finding[] {
  const findings: Finding[] = GUIDED_BANDS.map((target) => {
    const rows = groups.filter((g) => g.target === target);
    const wins = rows.filter((g) => g.correct.rmse < g.cross.rmse).length;
    return {
      id: `fig4-${target}-rmse`,
      claim: `Applying the other band's LSTM raises the ${bandLabel(target)} RMSE in every ecosystem group`,
      paper: target === 'seasonal' ? 'Fig. 4; Table 2: seasonal RMSE 1.110 correct vs 2.103 cross-scale' : 'Fig. 4; Table 2: IAV RMSE 0.336 correct vs 0.429 cross-scale',
      observed: `correct-scale RMSE lower in ${wins} of ${rows.length} groups`,
      reproduced: rows.length === 0 ? null : wins === rows.length,
    };
  });
  for (const c of comparisons) {
    findings.push({
      id: `fig5-${c.target}-site-r2`,
      claim: `Per site, the correct-scale LSTM has a significantly higher ${bandLabel(c.target)} R² than the cross-scale one`,
      paper: 'Fig. 5c, d: correct-scale better in correlation and error, paired t-test ** / ***',
      observed: c.r2 ? `mean per-site ΔR² ${c.r2.meanDiff >= 0 ? '+' : ''}${c.r2.meanDiff.toFixed(3)} over ${c.rows.length} sites, p = ${c.r2.p.toPrecision(2)}` : `${c.rows.length} site(s): too few for a t-test`,
      reproduced: c.r2 ? c.r2.meanDiff > 0 && c.r2.p < 0.05 : null,
    });
  }
  return findings;
}
