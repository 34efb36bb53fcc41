// Shared by the packages' benchmark runners (packages/*/bench/run.mjs): the --smoke flag, the check of the
// result rows and the results file. A row is { case, ours, peer, unit, speedup, note?, peerSkipped? }: ours and
// peer in `unit`, peer and speedup null when the peer did not run, and then peerSkipped says why.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Whether the command line asks for the smoke mode (`--smoke`): every case once at tiny sizes, no results file. */
export function smokeRequested(argv = process.argv.slice(2)) {
  return argv.includes('--smoke');
}

/** Why a peer process failed: the last line it wrote to stderr, else the error's message (execFileSync's errors). */
export function peerFailure(error) {
  return String(error.stderr || error.message).trim().split('\n').pop();
}

const positive = (v) => typeof v === 'number' && Number.isFinite(v) && v > 0;
const text = (v) => typeof v === 'string' && v.length > 0;

/** What is wrong with one row (empty when it is well-formed). */
function rowProblems(row) {
  const problems = [];
  if (!text(row.case)) problems.push('case is not a name');
  if (!positive(row.ours)) problems.push(`ours is ${row.ours}, not a positive number`);
  if (!text(row.unit)) problems.push('unit is missing');
  if (row.peer === null) {
    if (row.speedup !== null) problems.push('speedup without a peer');
    if (!text(row.peerSkipped)) problems.push('peer is null and peerSkipped does not say why');
  } else {
    if (!positive(row.peer)) problems.push(`peer is ${row.peer}, neither a positive number nor null`);
    if (!positive(row.speedup)) problems.push(`speedup is ${row.speedup}, not a positive number`);
  }
  return problems;
}

/** Throws an error naming every malformed or repeated row; `rows` must hold at least one row. */
export function checkRows(rows) {
  if (rows.length === 0) throw new Error('bench: no rows');
  const seen = new Set();
  const errors = [];
  for (const row of rows) {
    const problems = rowProblems(row);
    if (seen.has(row.case)) problems.push('case repeated');
    seen.add(row.case);
    if (problems.length > 0) errors.push(`${JSON.stringify(row.case)}: ${problems.join('; ')}`);
  }
  if (errors.length > 0) throw new Error(`bench: malformed rows:\n  ${errors.join('\n  ')}`);
}

/**
 * Ends a run: checks `rows` (checkRows). In smoke mode it then says how many cases ran and which rows have no
 * peer and why, and writes nothing. Otherwise it writes the rows to `file` (JSON, atomically); with `merge`, the
 * rows of other cases already in the file are kept.
 */
export function finishBench(rows, { smoke, file, merge = false }) {
  checkRows(rows);
  if (smoke) {
    const skipped = new Map();
    for (const { case: name, peer, peerSkipped: why } of rows) if (peer === null) skipped.set(why, [...(skipped.get(why) ?? []), name]);
    for (const [why, cases] of skipped) console.log(`smoke: peer skipped for ${cases.join('; ')}: ${why}`);
    const ran = `${rows.length} case${rows.length === 1 ? '' : 's'} ran`;
    console.log(`smoke: ${ran}, every row well-formed; sizes are tiny, so the timings say nothing about speed, and no results file was written`);
    return;
  }
  const kept = merge && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).filter((r) => !rows.some((n) => n.case === r.case)) : [];
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify([...kept, ...rows], null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
