/**
 * The verdict's forest plots: per ecosystem group and over all sites, the mean guided − unguided
 * difference with its 95 % site-bootstrap interval, both SSA modes side by side, seasonal and IAV
 * panels; one plot per metric for the LSTM, one per control model and one for the cross-scale
 * comparison. Read from verdict.json; the paper's claims are checked against its cells.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bandLabel, GUIDED_BANDS, type GuidedBand } from '@fluxscale/decomposition';
import { ALL_SITES, betterWhen, forestPlot, METRICS, metricUnit, type ForestRow } from '@fluxscale/evaluation';
import type { RunContext } from '../pipeline/context.js';
import { findSummary, type Comparison, type VerdictFile, type VerdictMetric } from '../pipeline/verdict.js';
import { plainVerdict, withInterval } from '../pipeline/verdict-markdown.js';
import { FigureInputError, writeFigureCsv, writeFigureSvg } from './inputs.js';
import type { Finding, FigurePanel, FigureRecord } from './record.js';

/** The x-axis title of a forest plot of `metric` for one comparison. */
function axisTitle(comparison: Comparison, metric: VerdictMetric): string {
  const unit = metricUnit(metric) === '' ? '' : `${metricUnit(metric)}; `;
  const better = betterWhen(metric);
  return comparison === 'guidance'
    ? `Δ${METRICS[metric].label}, guided − unguided (${unit}${better}: guidance helps)`
    : `Δ${METRICS[metric].label}, own − other band (${unit}${better}: the own band is better)`;
}

/** Reads a run's verdict.json (written by its score unit). */
export function readVerdict(runDir: string): VerdictFile {
  const file = join(runDir, 'verdict.json');
  if (!existsSync(file)) throw new FigureInputError(`the verdict figure needs ${file}: run 'fluxscale experiment verdict' (or resume it with --resume ${runDir})`);
  return JSON.parse(readFileSync(file, 'utf8')) as VerdictFile;
}

/** The forest rows of one comparison, model and metric: every group plus all sites, both bands and modes, each with that metric's verdict. */
function forestRows(file: VerdictFile, comparison: Comparison, model: string, metric: VerdictMetric): ForestRow[] {
  return file.summaries
    .filter((s) => s.comparison === comparison && s.model === model && s.metric === metric && s.lo !== null && s.hi !== null)
    .map((s) => ({ group: s.group, band: bandLabel(s.band), mode: s.mode, mean: s.mean, lo: s.lo!, hi: s.hi!, verdict: s.verdict }));
}

/** The pooled LSTM verdict of a band in the paper's (full) mode, if the run has it. */
function pooledCell(file: VerdictFile, comparison: Comparison, band: GuidedBand, group = ALL_SITES) {
  return file.cells.find((c) => c.comparison === comparison && c.model === 'lstm' && c.band === band && c.mode === 'full' && c.group === group);
}

/** The paper's claims checked against the verdict (full-record SSA, as the paper). */
function verdictFindings(file: VerdictFile): Finding[] {
  const iav = pooledCell(file, 'guidance', 'iav');
  const seasonal = pooledCell(file, 'guidance', 'seasonal');
  const savanna = Object.keys(file.groups).find((g) => g.includes('SAV') || g.includes('WSA'));
  const wsa = savanna ? pooledCell(file, 'guidance', 'iav', savanna) : undefined;
  const wsaPrimary = savanna ? findSummary(file.summaries, { comparison: 'guidance', model: 'lstm', band: 'iav', mode: 'full', metric: file.primary.iav, group: savanna }) : undefined;
  const cross = GUIDED_BANDS.map((band) => pooledCell(file, 'cross-scale', band));
  return [
    {
      id: 'verdict-iav',
      claim: 'Scale guidance helps the LSTM on the inter-annual band (all sites)',
      paper: 'Fig. 3 and Table 1: guided IAV R² 0.181; better in most ecosystem groups',
      observed: iav ? plainVerdict(file, 'guidance', 'lstm', 'iav', 'full') : 'no full-mode LSTM comparison in this run',
      reproduced: iav ? iav.verdict === 'helps' : null,
    },
    {
      id: 'verdict-seasonal',
      claim: 'On the seasonal band the guided and the unguided LSTM do alike (no significant difference)',
      paper: 'Fig. 3: seasonal differences small and mixed across groups',
      observed: seasonal ? plainVerdict(file, 'guidance', 'lstm', 'seasonal', 'full') : 'no full-mode LSTM comparison in this run',
      reproduced: seasonal ? seasonal.verdict === 'no evidence' : null,
    },
    {
      id: 'verdict-savanna-iav',
      claim: 'The IAV gain from guidance is large in savannas (SAV/WSA)',
      paper: 'Fig. 3: SAV/WSA IAV ΔR² +0.42',
      observed: wsa && wsaPrimary ? `${savanna}: ${wsa.verdict}, Δ${METRICS[wsaPrimary.metric].label} ${withInterval(wsaPrimary)} over ${wsaPrimary.sites} sites` : 'no SAV/WSA group in this run',
      reproduced: wsa ? wsa.verdict === 'helps' : null,
    },
    {
      id: 'verdict-cross-scale',
      claim: "Each band's own LSTM beats the other band's LSTM on it",
      paper: 'Table 2: seasonal R² 0.706 vs 0.000, IAV R² 0.181 vs 0.000',
      observed: cross.every(Boolean) ? GUIDED_BANDS.map((b) => `${bandLabel(b)}: ${plainVerdict(file, 'cross-scale', 'lstm', b, 'full')}`).join('; ') : 'no cross-scale comparison in this run',
      reproduced: cross.every(Boolean) ? cross.every((c) => c!.verdict === 'helps') : null,
    },
  ];
}

/** Draws the verdict figure into RUN_DIR/figures/verdict and returns its record. */
export async function drawVerdict(ctx: RunContext): Promise<FigureRecord> {
  const file = readVerdict(ctx.runDir);
  const panels: FigurePanel[] = [];
  const primary = file.primary.iav;
  const plots: Array<[Comparison, string, VerdictMetric]> = [
    ['guidance', 'lstm', primary],
    ['guidance', 'lstm', 'rmse'],
    ...file.models.filter((m) => m !== 'lstm').map((m): [Comparison, string, VerdictMetric] => ['guidance', m, primary]),
    ['cross-scale', 'lstm', primary],
  ];
  for (const [comparison, model, metric] of plots) {
    const rows = forestRows(file, comparison, model, metric);
    if (rows.length === 0) continue;
    const what = comparison === 'guidance' ? `${model.toUpperCase()}: guided − unguided` : "LSTM: own band − the other band's LSTM";
    const svg = await forestPlot({
      rows,
      title: `Does scale guidance help? ${what}`,
      xTitle: axisTitle(comparison, metric),
      subtitle: `mean over sites with the 95 % site-bootstrap interval (${file.bootstrap.resamples} resamples), seeds averaged within a site`,
    });
    const name = `verdict-${comparison === 'guidance' ? model : 'cross'}-${metric}.svg`;
    panels.push({ file: writeFigureSvg(ctx.runDir, 'verdict', name, svg), title: `${what}, Δ${METRICS[metric].label}` });
  }
  const csv = writeFigureCsv(
    ctx.runDir,
    'verdict',
    'verdict-summaries.csv',
    ['comparison', 'model', 'band', 'mode', 'group', 'metric', 'sites', 'replicates', 'mean', 'lo', 'hi', 'seedSpread', 'wilcoxonP', 'verdict', 'treatment', 'reference', 'baseline'],
    file.summaries.map((s) => ({
      ...s,
      wilcoxonP: s.wilcoxon?.p ?? Number.NaN,
      lo: s.lo ?? Number.NaN,
      hi: s.hi ?? Number.NaN,
      seedSpread: s.seedSpread ?? Number.NaN,
      ...s.levels,
    })),
  );
  return {
    id: 'verdict',
    title: 'Does scale guidance help? Guided against unguided models, per ecosystem group',
    caption:
      'Per ecosystem group and over all sites: the mean per-site difference between the model trained on a band (guided) and the raw-NEE model whose out-of-sample prediction is decomposed into the band (unguided: the observations with the test days replaced by the prediction), both scored on the out-of-sample test days against the band of the observed NEE; bars: 95 % site-bootstrap intervals; SSA full-record (the paper) and train-only (leakage-free) side by side. Verdict per plotted metric: helps / hurts when the interval excludes 0, else no evidence; a cell\u2019s verdict is its band\u2019s primary metric\u2019s.',
    panels,
    data: [csv],
    findings: verdictFindings(file),
    settings: { models: file.models, modes: file.modes, seeds: file.seeds, bootstrap: file.bootstrap, sites: file.sites, evaluation: file.evaluation, primary: file.primary },
    createdAt: new Date().toISOString(),
  };
}
