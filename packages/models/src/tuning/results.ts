/** Writing a search result: search.json (everything) and search.csv (one row per trial). */
import { join } from 'node:path';
import { writeFileAtomic } from '@fluxscale/util';
import type { SearchResult } from './search.js';

/** Quotes a CSV cell when it holds a comma, quote or newline. */
function csvCell(value: unknown): string {
  const text = value === undefined ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Writes `result` to `dir` (created if needed) as search.json and search.csv, each through a
 * temporary file and a rename. CSV columns: trial, the parameters (union over trials),
 * fold1 … foldk scores, mean, best (1 for the best trial).
 */
export function writeSearchResults(dir: string, result: SearchResult): void {
  const names = [...new Set(result.trials.flatMap((t) => Object.keys(t.params)))];
  const header = ['trial', ...names, ...Array.from({ length: result.folds }, (_, b) => `fold${b + 1}`), 'mean', 'best'];
  const rows = result.trials.map((t) =>
    [t.index, ...names.map((n) => t.params[n]), ...t.foldScores, t.meanScore, t === result.best ? 1 : 0].map(csvCell).join(','),
  );
  writeFileAtomic(join(dir, 'search.json'), `${JSON.stringify(result, null, 1)}\n`);
  writeFileAtomic(join(dir, 'search.csv'), `${[header.join(','), ...rows].join('\n')}\n`);
}
