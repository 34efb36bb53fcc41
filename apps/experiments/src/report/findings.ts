/**
 * The paper's table-level findings (its §2.1–2.2), checked against a run's pooled
 * scores: which model is best (Table 1), guided against unguided LSTMs on the bands (Fig. 3's
 * pooled counterpart), correct-scale against cross-scale LSTMs (Table 2) and the recombined bands
 * (Table S1). Each yields a {@link Finding}: reproduced, not reproduced, or not testable (null)
 * when the run lacks the scores.
 */
import type { Finding } from '../figures/record.js';
import { PAPER_TABLE1, PAPER_TABLE2, type PaperModel, type Scores } from '../pipeline/paper.js';
import type { RunMetrics } from './run-dir.js';
import { bandLabel, GUIDED_BANDS, type GuidedBand, otherBand } from '@fluxscale/decomposition';
import { findScore, formatScore, table2Entry, type PooledScore, type Table1Task } from '../pipeline/tables.js';

/**
 * When two scores count as alike (the paper's "no significant difference", which it tests per
 * site; pooled here): RMSE within 10 % of the reference and R² within 0.05.
 */
export const ALIKE = { rmseRelative: 0.1, r2: 0.05 } as const;

const TASK_NAMES: Record<Table1Task, string> = { raw: 'raw-NEE', seasonal: 'seasonal-band', iav: 'IAV-band' };
const usable = (s: Scores | undefined): s is Scores => s !== undefined && Number.isFinite(s.rmse) && Number.isFinite(s.r2);
const signed = (v: number, digits = 3): string => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}`;
const percent = (v: number): string => `${signed(100 * v, 1)} %`;
const rmseR2 = (s: Scores): string => `RMSE ${formatScore(s.rmse)}, R² ${formatScore(s.r2)}`;
const finding = (id: string, claim: string, paper: string, observed: string, reproduced: boolean | null): Finding => ({ id, claim, paper, observed, reproduced });

/** Whether `a` scores alike to `reference` in the sense of {@link ALIKE}, and the differences a − reference. */
function alike(a: Scores, reference: Scores): { alike: boolean; text: string } {
  const dRmse = (a.rmse - reference.rmse) / reference.rmse;
  const dR2 = a.r2 - reference.r2;
  return {
    alike: Math.abs(dRmse) <= ALIKE.rmseRelative && Math.abs(dR2) <= ALIKE.r2,
    text: `ΔRMSE ${percent(dRmse)}, ΔR² ${signed(dR2)}; alike = |ΔRMSE| ≤ ${100 * ALIKE.rmseRelative} % and |ΔR²| ≤ ${ALIKE.r2}`,
  };
}

/** Whether `a` beats `b` on both RMSE (lower) and R² (higher). */
const beats = (a: Scores, b: Scores): boolean => a.rmse < b.rmse && a.r2 > b.r2;

/** "LSTM x vs y–z (A, B, C)": the LSTM's RMSE against the other models', lowest first. */
function againstOthers(lstm: number, others: ReadonlyArray<[string, number]>): string {
  const sorted = [...others].sort((a, b) => a[1] - b[1]);
  const low = formatScore(sorted[0][1]);
  const high = formatScore(sorted[sorted.length - 1][1]);
  const range = low === high ? low : `${low}–${high}`;
  return `LSTM ${formatScore(lstm)} vs ${range} (${sorted.map(([m]) => m.toUpperCase()).join(', ')})`;
}

/** Table 1: the LSTM has the lowest RMSE of the models on one task (raw: the unguided models; bands: the guided ones). */
export function lstmLowestRmse(metrics: RunMetrics, task: Table1Task): Finding {
  const guidance = task === 'raw' ? 'unguided' : 'guided';
  const paperOthers = (Object.keys(PAPER_TABLE1) as PaperModel[]).filter((m) => m !== 'lstm').map((m): [string, number] => [m, PAPER_TABLE1[m][task].rmse]);
  const claim = `The LSTM has the lowest ${TASK_NAMES[task]} RMSE of the models (Table 1)`;
  const paper = againstOthers(PAPER_TABLE1.lstm[task].rmse, paperOthers);
  const lstm = findScore(metrics.pooled, 'lstm', task, guidance);
  const others = metrics.pooled
    .filter((s) => s.task === task && s.guidance === guidance && s.model !== 'lstm' && Number.isFinite(s.rmse))
    .map((s): [string, number] => [s.model, s.rmse]);
  const id = `table1-lstm-lowest-rmse-${task}`;
  if (!usable(lstm)) return finding(id, claim, paper, `this run has no ${TASK_NAMES[task]} LSTM score`, null);
  if (others.length === 0) return finding(id, claim, paper, `the LSTM is the only model of this run (RMSE ${formatScore(lstm.rmse)})`, null);
  return finding(id, claim, paper, againstOthers(lstm.rmse, others), others.every(([, rmse]) => lstm.rmse < rmse));
}

/**
 * Fig. 3 pooled: the guided band LSTM against the unguided LSTM's prediction decomposed into the
 * band. Seasonal: the paper finds no significant difference (checked with {@link ALIKE}); IAV: the
 * guided LSTM is better (lower RMSE and higher R²).
 */
export function guidanceFinding(metrics: RunMetrics, band: GuidedBand): Finding {
  const guided = findScore(metrics.pooled, 'lstm', band, 'guided');
  const unguided = findScore(metrics.pooled, 'lstm', band, 'unguided');
  const id = `guidance-lstm-${band}`;
  const [claim, paper] =
    band === 'seasonal'
      ? [
          'On the seasonal band the guided seasonal LSTM and the unguided LSTM (its prediction decomposed by SSA) score alike',
          'Fig. 3: no significant difference between the unguided and the guided seasonal LSTM in any ecosystem group',
        ]
      : [
          'On the IAV band the guided IAV LSTM beats the unguided LSTM decomposed by SSA (lower RMSE, higher R²)',
          `Fig. 3: the guided IAV LSTM is significantly better in most ecosystem groups, R² +0.42 in SAV+WSA (guided IAV LSTM: ${rmseR2(PAPER_TABLE1.lstm.iav)})`,
        ];
  if (!usable(guided) || !usable(unguided)) return finding(id, claim, paper, `this run lacks the guided or the unguided ${bandLabel(band)} LSTM score`, null);
  const observed = `guided ${rmseR2(guided)}; unguided ${rmseR2(unguided)}`;
  if (band === 'seasonal') {
    const a = alike(guided, unguided);
    return finding(id, claim, paper, `${observed} (${a.text})`, a.alike);
  }
  return finding(id, claim, paper, `${observed} (ΔR² ${signed(guided.r2 - unguided.r2)})`, beats(guided, unguided));
}

/** Table 2: on each band, the LSTM trained on that band beats the other band's LSTM (lower RMSE, higher R²). */
export function crossScaleFinding(metrics: RunMetrics, band: GuidedBand): Finding {
  const other = otherBand(band);
  const label = bandLabel(band);
  const claim = `On the ${label} band the ${label} LSTM beats the ${bandLabel(other)} LSTM applied across scales (Table 2: lower RMSE, higher R²)`;
  const paperOwn = PAPER_TABLE2[band][band === 'seasonal' ? 'seasonalLstm' : 'iavLstm'];
  const paperCross = PAPER_TABLE2[band][other === 'seasonal' ? 'seasonalLstm' : 'iavLstm'];
  const compare = (own: Scores, cross: Scores) => `RMSE ${formatScore(own.rmse)} vs ${formatScore(cross.rmse)}, R² ${formatScore(own.r2)} vs ${formatScore(cross.r2)}`;
  const own = table2Entry(metrics.cross, band, band).ours;
  const cross = table2Entry(metrics.cross, band, other).ours;
  const id = `table2-correct-scale-${band}`;
  const paper = compare(paperOwn, paperCross);
  if (!usable(own) || !usable(cross)) return finding(id, claim, paper, 'this run has no cross-scale scores (experiment table2, all)', null);
  return finding(id, claim, paper, compare(own, cross), beats(own, cross));
}

const recombinedLstm = (metrics: RunMetrics, withTrend: boolean): PooledScore | undefined =>
  metrics.recombined.find((r) => r.model === 'lstm' && (r.task === 'trend') === withTrend);

/** Table S1: adding the trend band to the summed guided LSTM bands changes their raw-NEE scores little ({@link ALIKE}). */
export function trendFinding(metrics: RunMetrics): Finding {
  const claim = 'Adding the trend band changes the guided LSTMs’ simulation of NEE little (Table S1)';
  const paper = 'Table S1: adding NEE’s long-term trend has no significant effect on the seasonal and IAV simulations (numbers in the supplement only)';
  const without = recombinedLstm(metrics, false);
  const withTrend = recombinedLstm(metrics, true);
  if (!usable(without) || !usable(withTrend)) return finding('s1-trend-changes-little', claim, paper, 'this run has no summed LSTM bands with and without the trend (experiment s1, all)', null);
  const a = alike(withTrend, without);
  return finding('s1-trend-changes-little', claim, paper, `on raw NEE, seasonal + IAV: ${rmseR2(without)}; + trend: ${rmseR2(withTrend)} (${a.text})`, a.alike);
}

/**
 * Table S1: the guided band LSTMs summed (with the trend when the run has it) simulate raw NEE
 * at least about as well as the unguided LSTM: RMSE at most {@link ALIKE} worse, R² at most 0.05 lower.
 */
export function recombinedFinding(metrics: RunMetrics): Finding {
  const claim = 'The guided band LSTMs, summed, simulate raw NEE about as well as the unguided LSTM or better (Table S1)';
  const paper = `not published as a number: the paper proposes the band LSTMs in place of the end-to-end LSTM (unguided LSTM on raw NEE: ${rmseR2(PAPER_TABLE1.lstm.raw)})`;
  const summed = recombinedLstm(metrics, true) ?? recombinedLstm(metrics, false);
  const raw = findScore(metrics.pooled, 'lstm', 'raw', 'unguided');
  if (!usable(summed) || !usable(raw)) return finding('s1-recombined-vs-unguided', claim, paper, 'this run lacks the summed LSTM bands or the unguided LSTM', null);
  const dRmse = (summed.rmse - raw.rmse) / raw.rmse;
  const dR2 = summed.r2 - raw.r2;
  const bands = summed.task === 'trend' ? 'seasonal + IAV + trend' : 'seasonal + IAV';
  return finding(
    's1-recombined-vs-unguided',
    claim,
    paper,
    `${bands}: ${rmseR2(summed)}; unguided LSTM: ${rmseR2(raw)} (ΔRMSE ${percent(dRmse)}, ΔR² ${signed(dR2)})`,
    dRmse <= ALIKE.rmseRelative && dR2 >= -ALIKE.r2,
  );
}

/** Every table-level finding of a run, in the paper's order (Table 1, Fig. 3, Table 2, Table S1). */
export function tableFindings(metrics: RunMetrics): Finding[] {
  return [
    ...(['raw', 'seasonal', 'iav'] as const).map((task) => lstmLowestRmse(metrics, task)),
    ...GUIDED_BANDS.map((band) => guidanceFinding(metrics, band)),
    ...GUIDED_BANDS.map((band) => crossScaleFinding(metrics, band)),
    trendFinding(metrics),
    recombinedFinding(metrics),
  ];
}
