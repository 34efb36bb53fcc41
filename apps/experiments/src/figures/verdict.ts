/**
 * The verdict's forest plots: per ecosystem group and over all sites, the mean guided − unguided
 * difference with its 95 % site-bootstrap interval, both SSA modes side by side, seasonal and IAV
 * panels; one plot per metric for the LSTM, one per control model and one for the cross-scale
 * comparison. Read from verdict.json; the paper's claims are checked against its cells.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bandLabel, GUIDED_BANDS, type GuidedBand } from '@fluxscale/decomposition';
import { forestPlot, type ForestRow } from '@fluxscale/evaluation';
import type { RunContext } from '../pipeline/context.js';
import { ALL_SITES, plainVerdict, type Comparison, type VerdictFile, type VerdictMetric } from '../pipeline/verdict.js';
import { FigureInputError, writeFigureCsv, writeFigureSvg } from './inputs.js';
import type { Finding, FigurePanel, FigureRecord } from './record.js';

const POOLED = 'All sites';
const METRIC_TITLE: Record<VerdictMetric, string> = {
  r2: 'ΔR², guided − unguided (higher: guidance helps)',
  rmse: 'ΔRMSE, guided − unguided (gC m⁻² d⁻¹; lower: guidance helps)',
  mae: 'ΔMAE, guided − unguided (gC m⁻² d⁻¹; lower: guidance helps)',
};

/** Reads a run's verdict.json (written by its score unit). */
export function readVerdict(runDir: string): VerdictFile {
  const file = join(runDir, 'verdict.json');
  if (!existsSync(file)) throw new FigureInputError(`the verdict figure needs ${file}: run 'fluxscale experiment verdict' (or resume it with --resume ${runDir})`);
  return JSON.parse(readFileSync(file, 'utf8')) as VerdictFile;
}

/** The forest rows of one comparison, model and metric: every group plus all sites, both bands and modes. */
function forestRows(file: VerdictFile, comparison: Comparison, model: string, metric: VerdictMetric): ForestRow[] {
  return file.summaries
    .filter((s) => s.comparison === comparison && s.model === model && s.metric === metric && s.lo !== null && s.hi !== null)
    .map((s) => {
      const cell = file.cells.find((c) => c.comparison === comparison && c.model === model && c.band === s.band && c.mode === s.mode && c.group === s.group)!;
      return { group: s.group === ALL_SITES ? POOLED : s.group, band: bandLabel(s.band), mode: s.mode, mean: s.mean, lo: s.lo!, hi: s.hi!, verdict: cell.verdict };
    });
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
  const wsaR2 = savanna ? file.summaries.find((s) => s.comparison === 'guidance' && s.model === 'lstm' && s.band === 'iav' && s.mode === 'full' && s.group === savanna && s.metric === 'r2') : undefined;
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
      observed: wsa && wsaR2 ? `${savanna}: ${wsa.verdict}, ΔR² ${wsaR2.mean.toFixed(3)} [${wsaR2.lo?.toFixed(3) ?? '—'}, ${wsaR2.hi?.toFixed(3) ?? '—'}] over ${wsaR2.sites} sites` : 'no SAV/WSA group in this run',
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
  const plots: Array<[Comparison, string, VerdictMetric]> = [
    ['guidance', 'lstm', 'r2'],
    ['guidance', 'lstm', 'rmse'],
    ...file.models.filter((m) => m !== 'lstm').map((m): [Comparison, string, VerdictMetric] => ['guidance', m, 'r2']),
    ['cross-scale', 'lstm', 'r2'],
  ];
  for (const [comparison, model, metric] of plots) {
    const rows = forestRows(file, comparison, model, metric);
    if (rows.length === 0) continue;
    const what = comparison === 'guidance' ? `${model.toUpperCase()}: guided − unguided` : "LSTM: own band − the other band's LSTM";
    const svg = await forestPlot({
      rows,
      title: `Does scale guidance help? ${what}`,
      xTitle: comparison === 'guidance' ? METRIC_TITLE[metric] : 'ΔR², own − other band (higher: the own band is better)',
      subtitle: `mean over sites with the 95 % site-bootstrap interval (${file.bootstrap.resamples} resamples), seeds averaged within a site`,
      pooled: POOLED,
    });
    const name = `verdict-${comparison === 'guidance' ? model : 'cross'}-${metric}.svg`;
    panels.push({ file: writeFigureSvg(ctx.runDir, 'verdict', name, svg), title: `${what}, ${metric === 'r2' ? 'ΔR²' : `Δ${metric.toUpperCase()}`}` });
  }
  const csv = writeFigureCsv(
    ctx.runDir,
    'verdict',
    'verdict-summaries.csv',
    ['comparison', 'model', 'band', 'mode', 'group', 'metric', 'sites', 'replicates', 'mean', 'lo', 'hi', 'seedSpread', 'wilcoxonP', 'verdict'],
    file.summaries.map((s) => ({ ...s, wilcoxonP: s.wilcoxon?.p ?? Number.NaN, lo: s.lo ?? Number.NaN, hi: s.hi ?? Number.NaN, seedSpread: s.seedSpread ?? Number.NaN })),
  );
  return {
    id: 'verdict',
    title: 'Does scale guidance help? Guided against unguided models, per ecosystem group',
    caption:
      'Per ecosystem group and over all sites: the mean per-site difference between the model trained on a band (guided) and the raw-NEE model whose whole-record prediction is decomposed into the band (unguided), both scored on the test part against the band of the observed NEE; bars: 95 % site-bootstrap intervals; SSA full-record (the paper) and train-only (leakage-free) side by side. Verdict: helps / hurts when the interval excludes 0 (R² and RMSE agreeing), else no evidence.',
    panels,
    data: [csv],
    findings: verdictFindings(file),
    settings: { models: file.models, modes: file.modes, seeds: file.seeds, bootstrap: file.bootstrap, sites: file.sites },
    createdAt: new Date().toISOString(),
  };
}
