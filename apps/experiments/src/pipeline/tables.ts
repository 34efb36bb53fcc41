/**
 * A run's scores beside the paper's: Table 1 (models × raw / seasonal / IAV), Table 2
 * (cross-scale) and Table S1 (with the trend band) as markdown, and the lookups and formats that
 * the HTML report and its findings share with them.
 */
import { bandLabel, GUIDED_BANDS, type GuidedBand, type Task } from '@fluxscale/decomposition';
import { METRICS } from '@fluxscale/evaluation';
import { PAPER_TABLE2, paperTable1, type Scores } from './paper.js';

/** The table's four scores of a run, with why any of them is undefined (from @fluxscale/evaluation's scoreAll). */
export interface RunScores extends Scores {
  readonly undefinedReasons?: Readonly<Partial<Record<keyof Scores, string>>>;
}

/** Pooled scores of one model on one task, as computed by the score stage. */
export interface PooledScore extends RunScores {
  readonly model: string;
  readonly task: Task;
  /** 'guided' = trained on the band; 'unguided' = the raw model's prediction decomposed into the band. */
  readonly guidance: 'guided' | 'unguided';
  readonly n: number;
}

/** The four scores in the paper's column order. */
export const SCORE_METRICS: ReadonlyArray<keyof Scores> = ['rmse', 'r2', 'lcs', 'mae'];

/** The units of the table scores, for captions: R² is the squared Pearson r (not NSE, scikit-learn's r2_score). */
export const SCORE_UNITS = 'RMSE, MAE in gC m⁻² d⁻¹; LCS in (gC m⁻² d⁻¹)²; R² = squared Pearson r, unitless';
/** A score with three decimals, or '—' when absent or not finite. */
export const formatScore = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(3));
const cell = (ours: Scores | undefined, paper: Scores | undefined, m: keyof Scores): string =>
  `${formatScore(ours?.[m])} (${formatScore(paper?.[m])})`;

/**
 * Why the scores of ours a table shows as '—' are undefined: per labelled score set, one line per
 * reason, e.g. "LSTM IAV: R² undefined — the predictions are constant (zero variance)". Scores
 * the run does not have at all are not listed; NaN is stored as null in metrics.json, so any
 * non-finite value counts.
 */
export function undefinedNotes(entries: ReadonlyArray<readonly [label: string, score: RunScores | undefined]>): string[] {
  const lines: string[] = [];
  for (const [label, score] of entries) {
    if (!score) continue;
    const byReason = new Map<string, string[]>();
    for (const m of SCORE_METRICS.filter((metric) => !Number.isFinite(score[metric]))) {
      const why = score.undefinedReasons?.[m] ?? 'no reason recorded (scored by an earlier version)';
      byReason.set(why, [...(byReason.get(why) ?? []), METRICS[m].label]);
    }
    for (const [why, metrics] of byReason) lines.push(`${label}: ${metrics.join(', ')} undefined — ${why}`);
  }
  return lines;
}

/** The markdown footnote of a table's undefined scores ('' when there are none). */
const notesMarkdown = (lines: readonly string[]): string => (lines.length === 0 ? '' : ['Undefined scores (—):', ...lines.map((l) => `- ${l}`)].join('\n'));

/** The labelled score sets of ours in Table 1 (for {@link undefinedNotes}). */
export const table1Scores = (scores: readonly PooledScore[], models: readonly string[]): Array<[string, PooledScore | undefined]> =>
  models.flatMap((model) => TABLE1_TASKS.map((task): [string, PooledScore | undefined] => [`${model.toUpperCase()} ${task}`, table1Entry(scores, model, task).ours]));

/** The labelled score sets of ours in Table 2 (for {@link undefinedNotes}). */
export const table2Scores = (scores: readonly CrossScore[]): Array<[string, CrossScore | undefined]> =>
  GUIDED_BANDS.flatMap((target) => GUIDED_BANDS.map((model): [string, CrossScore | undefined] => [`${bandLabel(model)} LSTM on ${bandLabel(target)} NEE`, table2Entry(scores, target, model).ours]));

/** The pooled score of one model on one task with the given guidance, if the run has it. */
export function findScore(scores: readonly PooledScore[], model: string, task: Task, guidance: 'guided' | 'unguided'): PooledScore | undefined {
  return scores.find((s) => s.model === model && s.task === task && s.guidance === guidance);
}

/** Table 1's column groups: the unguided model on raw NEE, the guided models on the seasonal and IAV bands. */
export const TABLE1_TASKS = ['raw', 'seasonal', 'iav'] as const;
export type Table1Task = (typeof TABLE1_TASKS)[number];

/** One cell group of Table 1: our pooled scores of `model` on `task` and the paper's. */
export function table1Entry(scores: readonly PooledScore[], model: string, task: Table1Task): { ours: PooledScore | undefined; paper: Scores | undefined } {
  return { ours: findScore(scores, model, task, task === 'raw' ? 'unguided' : 'guided'), paper: paperTable1(model, task) };
}

/** One cell group of Table 2: the `model`-band LSTM scored on the `target` band, ours and the paper's. */
export function table2Entry(scores: readonly CrossScore[], target: GuidedBand, model: GuidedBand): { ours: CrossScore | undefined; paper: Scores } {
  return { ours: scores.find((s) => s.target === target && s.model === model), paper: PAPER_TABLE2[target][model === 'seasonal' ? 'seasonalLstm' : 'iavLstm'] };
}

/** Table 1: our pooled test scores with the paper's in brackets. `note` says what differs (sites, profile). */
export function table1Markdown(scores: readonly PooledScore[], models: readonly string[], note: string): string {
  const head = ['model', ...['raw', 'seasonal', 'IAV'].flatMap((t) => SCORE_METRICS.map((m) => `${t} ${METRICS[m].label}`))];
  const rows = models.map((model) => {
    const cells = TABLE1_TASKS.flatMap((task) => {
      const { ours, paper } = table1Entry(scores, model, task);
      return SCORE_METRICS.map((m) => cell(ours, paper, m));
    });
    return [model.toUpperCase(), ...cells];
  });
  return document(
    `Table 1 — test scores pooled over all sites (${SCORE_UNITS}); the paper's in brackets`,
    ['raw = the unguided model on raw NEE; seasonal / IAV = the guided model trained on that band.', markdownTable(head, rows), notesMarkdown(undefinedNotes(table1Scores(scores, models)))],
    note,
  );
}

/** The unguided models' predictions decomposed into bands, beside the guided ones (Fig. 3's numbers). */
export function guidanceMarkdown(scores: readonly PooledScore[], models: readonly string[]): string {
  const head = ['model', 'band', ...SCORE_METRICS.map((m) => `unguided ${m}`), ...SCORE_METRICS.map((m) => `guided ${m}`)];
  const rows: string[][] = [];
  const shown: Array<[string, PooledScore | undefined]> = [];
  for (const model of models) {
    for (const task of GUIDED_BANDS) {
      const u = findScore(scores, model, task, 'unguided');
      const g = findScore(scores, model, task, 'guided');
      if (!u && !g) continue;
      rows.push([model.toUpperCase(), task, ...SCORE_METRICS.map((m) => formatScore(u?.[m])), ...SCORE_METRICS.map((m) => formatScore(g?.[m]))]);
      shown.push([`${model.toUpperCase()} ${task} unguided`, u], [`${model.toUpperCase()} ${task} guided`, g]);
    }
  }
  const notes = notesMarkdown(undefinedNotes(shown));
  return ['## Guided vs unguided on the bands', '', markdownTable(head, rows), '', ...(notes ? [notes, ''] : [])].join('\n');
}

/** Scores of one LSTM applied to one band's inputs and scored on that band. */
export interface CrossScore extends RunScores {
  readonly target: GuidedBand;
  readonly model: GuidedBand;
  readonly n: number;
}

/** Table 2: rows target band, columns the LSTM trained on each band; the paper's in brackets. */
export function table2Markdown(scores: readonly CrossScore[], note: string): string {
  const head = ['target', 'seasonal LSTM (RMSE, R², LCS, MAE)', 'IAV LSTM (RMSE, R², LCS, MAE)'];
  const rows = GUIDED_BANDS.map((target) => [
    `${bandLabel(target)} NEE`,
    ...GUIDED_BANDS.map((model) => {
      const { ours, paper } = table2Entry(scores, target, model);
      return SCORE_METRICS.map((m) => cell(ours, paper, m)).join(', ');
    }),
  ]);
  return document(`Table 2 — cross-scale: each band LSTM applied to each band (test, pooled; ${SCORE_UNITS}; the paper's in brackets)`, [markdownTable(head, rows), notesMarkdown(undefinedNotes(table2Scores(scores)))], note);
}

/** Table S1's bands: the guided models on the seasonal, IAV and trend bands. */
export const S1_TASKS: readonly Task[] = ['seasonal', 'iav', 'trend'];

/** Which guided bands a recombined score summed: task 'trend' = seasonal + IAV + trend, otherwise seasonal + IAV. */
export const recombinedLabel = (r: PooledScore): string => (r.task === 'trend' ? 'seasonal + IAV + trend' : 'seasonal + IAV');

/** The labelled score sets of ours in Table S1's band table (for {@link undefinedNotes}). */
export const s1Scores = (scores: readonly PooledScore[], models: readonly string[]): Array<[string, PooledScore | undefined]> =>
  models.flatMap((model) => S1_TASKS.map((task): [string, PooledScore | undefined] => [`${model.toUpperCase()} ${task}`, findScore(scores, model, task, 'guided')]));

/** The labelled recombined score sets of Table S1 (for {@link undefinedNotes}). */
export const recombinedScores = (recombined: readonly PooledScore[]): Array<[string, PooledScore]> => recombined.map((r) => [`${r.model.toUpperCase()} ${recombinedLabel(r)}`, r]);

/** Table S1: every model on every band including the trend, and the recombined bands on raw NEE. */
export function tableS1Markdown(scores: readonly PooledScore[], recombined: readonly PooledScore[], models: readonly string[], note: string): string {
  const head = ['model', ...S1_TASKS.flatMap((t) => SCORE_METRICS.map((m) => `${t} ${m}`))];
  const rows = models.map((model) => [
    model.toUpperCase(),
    ...S1_TASKS.flatMap((task) => SCORE_METRICS.map((m) => formatScore(findScore(scores, model, task, 'guided')?.[m]))),
  ]);
  const recHead = ['model', 'bands summed', ...SCORE_METRICS];
  const recRows = recombined.map((r) => [r.model.toUpperCase(), recombinedLabel(r), ...SCORE_METRICS.map((m) => formatScore(r[m]))]);
  return document(
    `Table S1 — adding the trend band (test, pooled; ${SCORE_UNITS})`,
    [
      markdownTable(head, rows),
      notesMarkdown(undefinedNotes(s1Scores(scores, models))),
      '## Guided band predictions summed and scored on raw NEE',
      markdownTable(recHead, recRows),
      notesMarkdown(undefinedNotes(recombinedScores(recombined))),
    ],
    note,
  );
}

/** A markdown document: a title, blocks separated by blank lines, and the closing note. */
function document(title: string, blocks: readonly string[], note: string): string {
  return [`# ${title}`, ...blocks.filter((b) => b !== ''), `Note: ${note}`].join('\n\n') + '\n';
}

/** A GitHub-flavoured markdown table. */
export function markdownTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
