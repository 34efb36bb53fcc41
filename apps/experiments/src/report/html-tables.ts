/**
 * The report's score tables as HTML: Table 1, the guided-vs-unguided bands, Table 2 and Table S1,
 * each cell our pooled test score with the paper's (or the unguided model's) below it, coloured
 * and marked ▲ where ours is better and ▼ where it is worse. Units: RMSE, MAE in gC m⁻² d⁻¹, LCS in
 * (gC m⁻² d⁻¹)², R² (the squared Pearson r) unitless.
 */
import { bandLabel, GUIDED_BANDS } from '@fluxscale/decomposition';
import { isBetter, METRICS } from '@fluxscale/evaluation';
import { escapeHtml } from './html.js';
import { PAPER_TABLE1, type Scores } from '../pipeline/paper.js';
import type { RunMetrics } from './run-dir.js';
import {
  findScore,
  formatScore,
  recombinedLabel,
  recombinedScores,
  s1Scores,
  S1_TASKS,
  SCORE_METRICS,
  table1Entry,
  table1Scores,
  TABLE1_TASKS,
  table2Entry,
  table2Scores,
  undefinedNotes,
  type PooledScore,
  type RunScores,
} from '../pipeline/tables.js';

/** One score against a reference: 'better', 'worse', 'same' or 'none' (either missing). */
export type Comparison = 'better' | 'worse' | 'same' | 'none';

/** How `value` compares with `reference` on `metric` at the three decimals shown. */
export function compareScore(value: number | undefined, reference: number | undefined, metric: keyof Scores): Comparison {
  if (value === undefined || reference === undefined || !Number.isFinite(value) || !Number.isFinite(reference)) return 'none';
  const [shown, shownReference] = [Math.round(value * 1000), Math.round(reference * 1000)];
  if (shown === shownReference) return 'same';
  return isBetter(metric, shown, shownReference) ? 'better' : 'worse';
}

const MARKS: Record<Comparison, string> = { better: ' <span class="mark">▲</span>', worse: ' <span class="mark">▼</span>', same: '', none: '' };

/** A table cell: `value`, coloured against `reference`, with the reference below it when `referenceName` is given. */
function scoreCell(value: number | undefined, reference: number | undefined, metric: keyof Scores, referenceName?: string): string {
  const c = compareScore(value, reference, metric);
  const title = referenceName && c !== 'none' ? ` title="${escapeHtml(`${c === 'same' ? 'equal to' : `${c} than`} the ${referenceName}'s ${formatScore(reference)}`)}"` : '';
  const below = referenceName ? `<span class="ref">(${formatScore(reference)})</span>` : '';
  return `<td class="${c}"${title}>${formatScore(value)}${MARKS[c]}${below}</td>`;
}

const plainCell = (value: number | undefined): string => `<td>${formatScore(value)}</td>`;
const metricHeads = (groups: number): string => Array.from({ length: groups }, () => SCORE_METRICS.map((m) => `<th>${METRICS[m].label}</th>`).join('')).join('');
const groupHeads = (first: string, groups: readonly string[]): string =>
  `<tr><th rowspan="2" scope="col">${escapeHtml(first)}</th>${groups.map((g) => `<th colspan="${SCORE_METRICS.length}" scope="colgroup">${escapeHtml(g)}</th>`).join('')}</tr>`;

/**
 * A scrollable scores table with a caption, a two-row header and body rows (HTML), and below it
 * why each undefined score of ours ('—') is undefined (see undefinedNotes).
 */
function scoresTable(caption: string, head: string, rows: readonly string[], shown: ReadonlyArray<readonly [string, RunScores | undefined]> = []): string {
  const notes = undefinedNotes(shown);
  const footnote = notes.length === 0 ? '' : `<p class="note">Undefined scores (—):</p><ul class="note">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`;
  return `<div class="table-wrap"><table class="scores"><caption>${caption}</caption><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>${footnote}`;
}

/** The models that have pooled scores, in the paper's order (LSTM, LASSO, SVR, RF, FNN). */
export function modelsOf(metrics: RunMetrics): string[] {
  const present = new Set<string>([...metrics.pooled, ...metrics.recombined].map((s) => s.model));
  const paper = Object.keys(PAPER_TABLE1);
  return [...paper.filter((m) => present.has(m)), ...[...present].filter((m) => !paper.includes(m)).sort()];
}

/** Table 1 (models × raw / seasonal / IAV) against the paper's; '' when the run has none of its scores. */
export function table1Html(metrics: RunMetrics): string {
  const models = modelsOf(metrics).filter((m) => TABLE1_TASKS.some((t) => table1Entry(metrics.pooled, m, t).ours));
  if (models.length === 0) return '';
  const rows = models.map(
    (model) =>
      `<tr><th scope="row">${model.toUpperCase()}</th>${TABLE1_TASKS.map((task) => {
        const { ours, paper } = table1Entry(metrics.pooled, model, task);
        return SCORE_METRICS.map((m) => scoreCell(ours?.[m], paper?.[m], m, 'paper')).join('');
      }).join('')}</tr>`,
  );
  const head = groupHeads('model', ['raw NEE (unguided model)', 'seasonal band (guided)', 'IAV band (guided)']) + `<tr>${metricHeads(3)}</tr>`;
  return scoresTable('Table 1 — test scores pooled over all sites; the paper’s below each in brackets', head, rows, table1Scores(metrics.pooled, models));
}

/** The guided band models against the unguided model decomposed into bands (Fig. 3's pooled numbers); '' without them. */
export function guidanceHtml(metrics: RunMetrics): string {
  const rows: string[] = [];
  const shown: Array<[string, PooledScore]> = [];
  for (const model of modelsOf(metrics)) {
    for (const band of GUIDED_BANDS) {
      const u = findScore(metrics.pooled, model, band, 'unguided');
      const g = findScore(metrics.pooled, model, band, 'guided');
      if (!u || !g) continue;
      shown.push([`${model.toUpperCase()} ${band} unguided`, u], [`${model.toUpperCase()} ${band} guided`, g]);
      rows.push(
        `<tr><th scope="row">${model.toUpperCase()}</th><td class="text">${bandLabel(band)}</td>${SCORE_METRICS.map((m) => plainCell(u[m])).join('')}${SCORE_METRICS.map((m) =>
          scoreCell(g[m], u[m], m),
        ).join('')}</tr>`,
      );
    }
  }
  if (rows.length === 0) return '';
  const head =
    `<tr><th rowspan="2" scope="col">model</th><th rowspan="2" scope="col">band</th><th colspan="4" scope="colgroup">unguided, decomposed by SSA</th><th colspan="4" scope="colgroup">guided (▲ better than unguided)</th></tr>` +
    `<tr>${metricHeads(2)}</tr>`;
  return scoresTable('Guided band models against the unguided model’s prediction decomposed into the same band (test, pooled)', head, rows, shown);
}

/** Table 2 (each band LSTM on each band) against the paper's; '' when the run has no cross-scale scores. */
export function table2Html(metrics: RunMetrics): string {
  if (metrics.cross.length === 0) return '';
  const rows = GUIDED_BANDS.map(
    (target) =>
      `<tr><th scope="row">${bandLabel(target)} NEE</th>${GUIDED_BANDS.map((model) => {
        const { ours, paper } = table2Entry(metrics.cross, target, model);
        return SCORE_METRICS.map((m) => scoreCell(ours?.[m], paper?.[m], m, 'paper')).join('');
      }).join('')}</tr>`,
  );
  const head = groupHeads('target band', GUIDED_BANDS.map((b) => `${bandLabel(b)} LSTM`)) + `<tr>${metricHeads(2)}</tr>`;
  return scoresTable('Table 2 — cross-scale: each band LSTM applied to each band (test, pooled); the paper’s below each in brackets', head, rows, table2Scores(metrics.cross));
}

/** Table S1 (guided models on seasonal / IAV / trend, and the summed bands on raw NEE); '' without trend or summed scores. */
export function tableS1Html(metrics: RunMetrics): string {
  const hasTrend = metrics.pooled.some((s) => s.task === 'trend' && s.guidance === 'guided');
  if (!hasTrend && metrics.recombined.length === 0) return '';
  const parts: string[] = [];
  if (hasTrend) {
    const rows = modelsOf(metrics).map(
      (model) => `<tr><th scope="row">${model.toUpperCase()}</th>${S1_TASKS.map((task) => SCORE_METRICS.map((m) => plainCell(findScore(metrics.pooled, model, task, 'guided')?.[m])).join('')).join('')}</tr>`,
    );
    const head = groupHeads('model', ['seasonal band', 'IAV band', 'trend band']) + `<tr>${metricHeads(3)}</tr>`;
    parts.push(scoresTable('Table S1 — guided models on every band, the trend included (test, pooled)', head, rows, s1Scores(metrics.pooled, modelsOf(metrics))));
  }
  if (metrics.recombined.length > 0) {
    const order = modelsOf(metrics);
    const sorted = [...metrics.recombined].sort((a, b) => order.indexOf(a.model) - order.indexOf(b.model));
    const rows = sorted.map((r: PooledScore) => {
      const raw = findScore(metrics.pooled, r.model, 'raw', 'unguided');
      return `<tr><th scope="row">${r.model.toUpperCase()}</th><td class="text">${recombinedLabel(r)}</td>${SCORE_METRICS.map((m) => scoreCell(r[m], raw?.[m], m, raw ? 'unguided model' : undefined)).join('')}</tr>`;
    });
    const head = `<tr><th scope="col">model</th><th scope="col">bands summed</th>${SCORE_METRICS.map((m) => `<th>${METRICS[m].label}</th>`).join('')}</tr>`;
    parts.push(scoresTable('Guided band predictions summed per site and day, scored on raw NEE; the unguided model’s raw-NEE score below each in brackets', head, rows, recombinedScores(sorted)));
  }
  return parts.join('\n');
}
