/**
 * Markdown tables of a run's scores beside the paper's (SPEC §6): Table 1 (models × raw /
 * seasonal / IAV), Table 2 (cross-scale) and Table S1 (with the trend band).
 */
import type { ModelKind, TaskName } from '../config/schema.js';
import { PAPER_TABLE1, PAPER_TABLE2, type Scores } from './paper.js';

/** Pooled scores of one model on one task, as computed by the score stage. */
export interface PooledScore extends Scores {
  readonly model: ModelKind;
  readonly task: TaskName;
  /** 'guided' = trained on the band; 'unguided' = the raw model's prediction decomposed into the band. */
  readonly guidance: 'guided' | 'unguided';
  readonly n: number;
}

const METRICS: Array<keyof Scores> = ['rmse', 'r2', 'lcs', 'mae'];
const fmt = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(3));
const cell = (ours: Scores | undefined, paper: Scores | undefined, m: keyof Scores): string =>
  `${fmt(ours?.[m])} (${fmt(paper?.[m])})`;

function find(scores: readonly PooledScore[], model: ModelKind, task: TaskName, guidance: 'guided' | 'unguided') {
  return scores.find((s) => s.model === model && s.task === task && s.guidance === guidance);
}

/** Table 1: our pooled test scores with the paper's in brackets. `note` says what differs (sites, profile). */
export function table1Markdown(scores: readonly PooledScore[], models: readonly ModelKind[], note: string): string {
  const head = ['model', ...['raw', 'seasonal', 'IAV'].flatMap((t) => METRICS.map((m) => `${t} ${m.toUpperCase().replace('R2', 'R²')}`))];
  const rows = models.map((model) => {
    const cells = (['raw', 'seasonal', 'iav'] as const).flatMap((task) => {
      const ours = find(scores, model, task, task === 'raw' ? 'unguided' : 'guided');
      return METRICS.map((m) => cell(ours, PAPER_TABLE1[model][task], m));
    });
    return [model.toUpperCase(), ...cells];
  });
  return document(
    'Table 1 — test scores pooled over all sites (gC m⁻² d⁻¹); the paper\'s in brackets',
    ['raw = the unguided model on raw NEE; seasonal / IAV = the guided model trained on that band.', markdownTable(head, rows)],
    note,
  );
}

/** The unguided models' predictions decomposed into bands, beside the guided ones (Fig. 3's numbers). */
export function guidanceMarkdown(scores: readonly PooledScore[], models: readonly ModelKind[]): string {
  const head = ['model', 'band', ...METRICS.map((m) => `unguided ${m}`), ...METRICS.map((m) => `guided ${m}`)];
  const rows: string[][] = [];
  for (const model of models) {
    for (const task of ['seasonal', 'iav'] as const) {
      const u = find(scores, model, task, 'unguided');
      const g = find(scores, model, task, 'guided');
      if (!u && !g) continue;
      rows.push([model.toUpperCase(), task, ...METRICS.map((m) => fmt(u?.[m])), ...METRICS.map((m) => fmt(g?.[m]))]);
    }
  }
  return ['## Guided vs unguided on the bands', '', markdownTable(head, rows), ''].join('\n');
}

/** Scores of one LSTM applied to one band's inputs and scored on that band. */
export interface CrossScore extends Scores {
  readonly target: 'seasonal' | 'iav';
  readonly model: 'seasonal' | 'iav';
  readonly n: number;
}

/** Table 2: rows target band, columns the LSTM trained on each band; the paper's in brackets. */
export function table2Markdown(scores: readonly CrossScore[], note: string): string {
  const head = ['target', 'seasonal LSTM (RMSE, R², LCS, MAE)', 'IAV LSTM (RMSE, R², LCS, MAE)'];
  const rows = (['seasonal', 'iav'] as const).map((target) => [
    `${target === 'iav' ? 'IAV' : 'seasonal'} NEE`,
    ...(['seasonal', 'iav'] as const).map((model) => {
      const ours = scores.find((s) => s.target === target && s.model === model);
      const paper = PAPER_TABLE2[target][model === 'seasonal' ? 'seasonalLstm' : 'iavLstm'];
      return METRICS.map((m) => cell(ours, paper, m)).join(', ');
    }),
  ]);
  return document('Table 2 — cross-scale: each band LSTM applied to each band (test, pooled; the paper\'s in brackets)', [markdownTable(head, rows)], note);
}

/** Table S1: every model on every band including the trend, and the recombined bands on raw NEE. */
export function tableS1Markdown(scores: readonly PooledScore[], recombined: readonly PooledScore[], models: readonly ModelKind[], note: string): string {
  const tasks: TaskName[] = ['seasonal', 'iav', 'trend'];
  const head = ['model', ...tasks.flatMap((t) => METRICS.map((m) => `${t} ${m}`))];
  const rows = models.map((model) => [
    model.toUpperCase(),
    ...tasks.flatMap((task) => METRICS.map((m) => fmt(find(scores, model, task, 'guided')?.[m]))),
  ]);
  const recHead = ['model', 'bands summed', ...METRICS];
  const recRows = recombined.map((r) => [r.model.toUpperCase(), r.task === 'trend' ? 'seasonal + IAV + trend' : 'seasonal + IAV', ...METRICS.map((m) => fmt(r[m]))]);
  return document(
    'Table S1 — adding the trend band (test, pooled, gC m⁻² d⁻¹)',
    [markdownTable(head, rows), '## Guided band predictions summed and scored on raw NEE', markdownTable(recHead, recRows)],
    note,
  );
}

/** A markdown document: a title, blocks separated by blank lines, and the closing note. */
function document(title: string, blocks: readonly string[], note: string): string {
  return [`# ${title}`, ...blocks, `Note: ${note}`].join('\n\n') + '\n';
}

/** A GitHub-flavoured markdown table. */
export function markdownTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
