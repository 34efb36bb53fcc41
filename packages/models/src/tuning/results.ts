/** Writing a search result: search.json (everything) and search.csv (one row per trial). */
import { join } from 'node:path';
import { csvText, writeFileAtomic } from '@fluxscale/util';
import type { SearchResult } from './search.js';

/** A search.csv cell's text: a parameter a trial does not set is empty. */
const cellText = (value: unknown): string => (value === undefined ? '' : String(value));

/**
 * Writes `result` to `dir` (created if needed) as search.json and search.csv, each through a
 * temporary file and a rename. CSV columns: trial, the parameters (union over trials),
 * fold1 … foldk scores, mean, best (1 for the best trial).
 */
export function writeSearchResults(dir: string, result: SearchResult): void {
  const names = [...new Set(result.trials.flatMap((t) => Object.keys(t.params)))];
  const header = ['trial', ...names, ...Array.from({ length: result.folds }, (_, b) => `fold${b + 1}`), 'mean', 'best'];
  const rows = result.trials.map((t) => [t.index, ...names.map((n) => t.params[n]), ...t.foldScores, t.meanScore, t === result.best ? 1 : 0].map(cellText));
  writeFileAtomic(join(dir, 'search.json'), `${JSON.stringify(result, null, 1)}\n`);
  writeFileAtomic(join(dir, 'search.csv'), csvText([header, ...rows]));
}
