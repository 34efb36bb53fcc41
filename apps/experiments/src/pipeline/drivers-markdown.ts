/**
 * drivers.md: the two answers in plain words (do the paper's drivers improve each model's bands; does
 * guidance help more with them), each model's score with three and with five drivers, the per-group
 * tables of the primary metric, and every score that could not be paired.
 */
import { bandLabel, GUIDED_BANDS, type DecompositionMode } from '@fluxscale/decomposition';
import { ALL_SITES, METRICS } from '@fluxscale/evaluation';
import { findDriversSummary, type DriversFile, type DriversMetric, type DriversSummary } from './drivers.js';
import { evaluationWords, pValue, unitAfter, withInterval } from './verdict-markdown.js';

const MODEL_LABEL: Record<DriversSummary['model'], string> = {
  raw: 'raw LSTM',
  guided: 'guided LSTM',
  unguided: 'unguided LSTM in the band',
  'guided − unguided': 'guidance gain (guided − unguided)',
};

const level = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : '—');

/** The rows of the file's summaries in reading order: question, model, band (raw, seasonal, IAV), mode. */
function cellsOf(file: DriversFile): Array<Pick<DriversSummary, 'question' | 'model' | 'band' | 'mode'>> {
  const cells: Array<Pick<DriversSummary, 'question' | 'model' | 'band' | 'mode'>> = [{ question: 'drivers', model: 'raw', band: 'raw', mode: null }];
  for (const band of GUIDED_BANDS) {
    for (const mode of file.modes) {
      for (const model of ['guided', 'unguided'] as const) cells.push({ question: 'drivers', model, band, mode });
      cells.push({ question: 'guidance', model: 'guided − unguided', band, mode });
    }
  }
  return cells;
}

/** A cell's all-sites answer in words: verdict, Δ of the primary metric and of RMSE, five − three. */
export function plainDrivers(file: DriversFile, cell: Pick<DriversSummary, 'question' | 'model' | 'band' | 'mode'>): string {
  const metric: DriversMetric = cell.band === 'raw' ? 'r' : (file.primary[cell.band] as DriversMetric);
  const s = findDriversSummary(file.summaries, { ...cell, metric });
  const rmse = findDriversSummary(file.summaries, { ...cell, metric: 'rmse' });
  if (!s || !rmse) return 'not in this run';
  const detectable = s.verdict === 'no evidence' && s.detectable !== null ? `; the smallest effect these sites could detect: ±${s.detectable.toFixed(3)}` : '';
  return `${s.verdict}: Δ${METRICS[metric].label} ${withInterval(s)} (${level(s.levels.three)} → ${level(s.levels.five)}), Δ${METRICS.rmse.label} ${withInterval(rmse)}${unitAfter('rmse')}, Wilcoxon p ${pValue(s.wilcoxon?.p)}, ${s.sites} sites${detectable}`;
}

/** A cell's label: model, band and SSA mode. */
export const cellLabel = (cell: Pick<DriversSummary, 'model' | 'band' | 'mode'>): string =>
  `${MODEL_LABEL[cell.model]}, ${cell.band === 'raw' ? 'raw NEE' : `${bandLabel(cell.band)} band, SSA ${cell.mode as DecompositionMode}`}`;

/** Per group, the primary metric's five − three of every cell. */
function groupTable(file: DriversFile): string {
  const lines = ['| model | band | SSA | group | sites | with three | with five | Δ five − three [95 % CI] | Wilcoxon p | verdict |', '|---|---|---|---|---|---|---|---|---|---|'];
  const groups = [ALL_SITES, ...Object.keys(file.groups).sort()];
  for (const cell of cellsOf(file)) {
    for (const group of groups) {
      const s = findDriversSummary(file.summaries, { ...cell, metric: 'r', group });
      if (!s) continue;
      const name = group === ALL_SITES ? `**${group}**` : group;
      lines.push(`| ${MODEL_LABEL[cell.model]} | ${cell.band === 'raw' ? 'raw NEE' : bandLabel(cell.band)} | ${cell.mode ?? '—'} | ${name} | ${s.sites} | ${level(s.levels.three)} | ${level(s.levels.five)} | ${withInterval(s)} | ${pValue(s.wilcoxon?.p)} | ${s.verdict} |`);
    }
  }
  return lines.join('\n');
}

/** drivers.md (see the module comment). */
export function driversMarkdown(file: DriversFile): string {
  const out = [
    "# Three drivers or the paper's five?",
    '',
    `${file.sites} sites in ${Object.keys(file.groups).length} ecosystem groups (${Object.entries(file.groups).map(([g, n]) => `${g} ${n}`).join(', ')}); the LSTM with ${file.drivers.three.join(', ')} ` +
      `against ${file.drivers.five.join(', ')}: the same sites, test days and ${file.seeds} seed replicates; ${evaluationWords(file)}; SSA modes ${file.modes.join(' and ')}; ` +
      `95 % intervals from ${file.bootstrap.resamples} site-bootstrap resamples (seed ${file.bootstrap.seed}). Δ = with five − with three (r: higher is better; RMSE in gC m⁻² d⁻¹: lower is better).`,
    '',
    "## Do WS_F, P_F and NETRAD improve the bands? (five − three, all sites)",
    '',
    ...cellsOf(file)
      .filter((c) => c.question === 'drivers')
      .map((c) => `- ${cellLabel(c)}: ${plainDrivers(file, c)}`),
    '',
    '## Does guidance help more once they are there? (guided − unguided with five, minus with three)',
    '',
    ...cellsOf(file)
      .filter((c) => c.question === 'guidance')
      .map((c) => `- ${bandLabel(c.band as 'seasonal' | 'iav')} band, SSA ${c.mode}: ${plainDrivers(file, c)}`),
    '',
    '## Per group (signed r)',
    '',
    groupTable(file),
    '',
    '## Sites left out of a band',
    '',
    file.excluded.length === 0
      ? 'None.'
      : `Their truth band does not vary on their test days (the verdict's rule), with either driver set: ${file.excluded.map((e) => `${e.site} (${bandLabel(e.band)})`).join(', ')}.`,
    '',
    '## Scores without a partner',
    '',
    file.unpaired.length === 0
      ? 'None: every score of one driver set has its partner (same model, band, SSA mode, site, seed and test days) in the other.'
      : [`${file.unpaired.length} score(s) left out of every summary:`, '', ...file.unpaired.map((u) => `- ${cellLabel(u)}, ${u.site}, seed ${u.replicate}: ${u.reason}`)].join('\n'),
    '',
    'Every number here is recomputed from the per-site rows of drivers.json (see its `definitions`).',
    '',
  ];
  return out.join('\n');
}
