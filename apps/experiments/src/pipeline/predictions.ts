/**
 * The predictions a fit or cross unit writes (CSV: site,date,observed,predicted, in the target's
 * units), their reader, and what a prediction is scored against.
 */
import { formatDay, type Scaler, type WindowSource } from '@fluxscale/data';
import type { Task } from '@fluxscale/decomposition';
import type { RunContext } from './context.js';
import { dayIndex } from './prepared.js';
import { damagedUnitFile, readUnitText } from './unit-files.js';

/** Predictions of one fit, one row per sample. */
export interface Predictions {
  readonly site: string[];
  readonly date: string[];
  readonly observed: Float64Array;
  readonly predicted: Float64Array;
}

/** The header of a predictions CSV (test.csv, a cross unit's files). */
export const PREDICTIONS_HEADER = 'site,date,observed,predicted';

/** Observed and predicted values of samples, in the target's units, as CSV rows site,date,observed,predicted. */
export function predictionRows(source: WindowSource, scaler: Scaler, predicted: Float32Array): string {
  const observed = scaler.inverseTarget(source.batch(Int32Array.from({ length: source.size }, (_, i) => i)).y);
  const values = scaler.inverseTarget(predicted);
  const rows = [PREDICTIONS_HEADER];
  for (let i = 0; i < source.size; i++) {
    rows.push(`${source.siteIds[source.sampleSite[i]]},${formatDay(source.sampleDay[i])},${observed[i]},${values[i]}`);
  }
  return `${rows.join('\n')}\n`;
}

/** A number as String() writes it (NaN and ±Infinity included); null for anything else (an empty or cut cell). */
const csvNumber = (text: string | undefined): number | null => {
  if (text === 'NaN') return Number.NaN;
  const v = text === undefined || text.trim() === '' ? Number.NaN : Number(text);
  return Number.isNaN(v) ? null : v;
};

/**
 * Reads a CSV a unit wrote with `header` (site, date, then numeric columns). A missing file, another
 * header or a line that is not site,YYYY-MM-DD,numbers… (a file cut short) is an error naming the
 * file and the line.
 */
function readSiteDateTable(file: string, header: string): { site: string[]; date: string[]; values: Float64Array[] } {
  const [first, ...lines] = readUnitText(file).trimEnd().split('\n');
  if (first !== header) throw damagedUnitFile(file, `line 1 is '${first.slice(0, 60)}', expected '${header}'`);
  const columns = header.split(',').length - 2;
  const site: string[] = [];
  const date: string[] = [];
  const values = Array.from({ length: columns }, () => new Float64Array(lines.length));
  lines.forEach((line, i) => {
    const cells = line.split(',');
    const numbers = cells.slice(2).map(csvNumber);
    if (cells.length !== columns + 2 || !cells[0] || !/^\d{4}-\d{2}-\d{2}$/.test(cells[1]) || numbers.some((v) => v === null)) {
      throw damagedUnitFile(file, `line ${i + 2} is '${line.slice(0, 60)}', expected ${header.replace('date', 'YYYY-MM-DD')}`);
    }
    site.push(cells[0]);
    date.push(cells[1]);
    numbers.forEach((v, c) => (values[c][i] = v!));
  });
  return { site, date, values };
}

/** Reads a predictions CSV (site,date,observed,predicted) written by a fit or cross unit (see readSiteDateTable for errors). */
export function readPredictions(file: string): Predictions {
  const { site, date, values } = readSiteDateTable(file, PREDICTIONS_HEADER);
  return { site, date, observed: values[0], predicted: values[1] };
}

/** Several prediction sets as one. */
export function concatPredictions(parts: readonly Predictions[]): Predictions {
  return {
    site: parts.flatMap((p) => p.site),
    date: parts.flatMap((p) => p.date),
    observed: Float64Array.from(parts.flatMap((p) => Array.from(p.observed))),
    predicted: Float64Array.from(parts.flatMap((p) => Array.from(p.predicted))),
  };
}

/**
 * The predictions with `observed` set to what a `task` prediction is scored against: the truth band
 * of each site's observed target (the observed series itself for 'raw'). In the train-only SSA mode
 * a band model's own target on the test part is a forecast; it is never the truth. The truth is the
 * same in every SSA mode.
 */
export function againstTruth(ctx: RunContext, p: Predictions, task: Task): Predictions {
  if (task === 'raw') return p;
  const observed = Float64Array.from(p.site, (siteId, i) => {
    const site = ctx.site(siteId);
    return site.truth(task)[dayIndex(site, p.date[i])];
  });
  return { ...p, observed };
}
