import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { runCli, tempDir } from './helpers/cli.js';

const TINY = join(__dirname, 'fixtures', 'tiny.yaml');
/** Debian's Python with python3-pandas (FLUXSCALE_TEST_PYTHON: another interpreter, e.g. one with pyarrow). */
const PYTHON = process.env.FLUXSCALE_TEST_PYTHON ?? '/usr/bin/python3';

/** The rows of a CSV file without a quoted field, as arrays of cells (header first). */
const csvRows = (file: string): string[][] =>
  readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));

/** Rows of the run's own prediction files, keyed like the export: group|model|task|guidance|site|date → [observed, predicted]. */
function predictionFiles(runDir: string): Map<string, [string, string]> {
  const rows = new Map<string, [string, string]>();
  const units = readFileSync(join(runDir, 'units.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  for (const u of units.filter((x: { kind: string }) => x.kind === 'fit' || x.kind === 'cross')) {
    const dir = join(runDir, u.path);
    const files = u.kind === 'fit' ? [['test.csv', u.model, u.task, u.task === 'raw' ? 'unguided' : 'guided']] : [['seasonal-lstm-on-iav.csv', 'lstm-seasonal', 'iav', 'cross'], ['iav-lstm-on-seasonal.csv', 'lstm-iav', 'seasonal', 'cross']];
    for (const [name, model, task, guidance] of files) {
      for (const [site, date, observed, predicted] of csvRows(join(dir, name)).slice(1)) rows.set([u.group, model, task, guidance, site, date].join('|'), [observed, predicted]);
    }
  }
  return rows;
}

/** The summary a Python check prints of the exported predictions, or the reason it cannot run. */
function python(code: string, cwd: string): { ok: boolean; out: string } {
  const r = spawnSync(PYTHON, ['-c', code], { cwd, encoding: 'utf8' });
  return { ok: r.status === 0, out: r.status === 0 ? r.stdout.trim() : `${r.error?.message ?? ''}${r.stderr.trim().split('\n').pop() ?? ''}` };
}
const pandas = existsSync(PYTHON) ? python('import pandas', '.') : { ok: false, out: `${PYTHON} not found` };
const pyarrow = pandas.ok ? python('import pyarrow', '.') : pandas;

describe.each(['table1', 'table2'])('fluxscale export of a tiny %s run', (experiment) => {
  const runDir = join(tempDir(), `run-${experiment}`);
  const out = join(tempDir(), 'export');

  beforeAll(() => {
    const run = runCli(['experiment', experiment, '--config', TINY, '--out', runDir, '--jobs', '1']);
    if (run.status !== 0) throw new Error(run.stderr);
    for (const format of ['csv', 'arrow', 'parquet']) {
      const r = runCli(['export', runDir, '--format', format, '--out', out]);
      if (r.status !== 0) throw new Error(r.stderr);
      expect(r.stdout.trim().split('\n')).toEqual([join(out, `metrics.${format}`), join(out, `predictions.${format}`)]);
    }
  }, 300_000);

  it('CSV: one long predictions table holding every prediction file of the run, observed as the scores use it', () => {
    const [header, ...rows] = csvRows(join(out, 'predictions.csv'));
    expect(header).toEqual(['run', 'mode', 'replicate', 'group', 'model', 'task', 'guidance', 'site', 'date', 'observed', 'predicted']);
    const files = predictionFiles(runDir);
    const exported = new Map(rows.map((r) => [r.slice(3, 9).join('|'), [r[9], r[10]]]));
    for (const [key, [observed, predicted]] of files) {
      const [ours, theirs] = [exported.get(key)!.map(Number), [Number(observed), Number(predicted)]];
      expect([key, ours[1]]).toEqual([key, theirs[1]]);
      // raw NEE as written; a band: its truth (full mode: the same band, without the file's float32 round trip)
      if (key.includes('|raw|')) expect(ours[0]).toBe(theirs[0]);
      else expect(Math.abs(ours[0] - theirs[0])).toBeLessThan(1e-5 * Math.max(1, Math.abs(theirs[0])));
    }
    expect(new Set(rows.map((r) => `${r[0]} ${r[1]} ${r[2]}`))).toEqual(new Set([`run-${experiment} full 0`]));
    if (experiment === 'table1') {
      // plus the unguided model's predictions decomposed into the three bands, one row per raw test row
      const raw = [...files.keys()].filter((k) => k.includes('|raw|unguided|')).length;
      expect(rows).toHaveLength(files.size + 3 * raw);
      expect(rows.filter((r) => r[6] === 'unguided' && r[5] === 'trend')).toHaveLength(raw);
    } else {
      expect(rows).toHaveLength(files.size);
      expect(new Set(rows.filter((r) => r[6] === 'cross').map((r) => `${r[4]} on ${r[5]}`))).toEqual(new Set(['lstm-seasonal on iav', 'lstm-iav on seasonal']));
    }
  });

  it("CSV: the metrics are the run's metrics.csv with the run's name in front", () => {
    const ours = readFileSync(join(out, 'metrics.csv'), 'utf8').trimEnd().split('\n');
    const run = readFileSync(join(runDir, 'metrics.csv'), 'utf8').trimEnd().split('\n');
    expect(ours).toEqual([`run,${run[0]}`, ...run.slice(1).map((l) => `run-${experiment},${l}`)]);
  });

  it('Arrow IPC and Parquet hold the same table as the CSV (dates as date32 / DATE)', () => {
    const [, ...rows] = csvRows(join(out, 'predictions.csv'));
    const arrow = tableFromIPC(readFileSync(join(out, 'predictions.arrow')));
    expect(arrow.numRows).toBe(rows.length);
    expect(arrow.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'run:Dictionary<Int32, Utf8>',
      'mode:Dictionary<Int32, Utf8>',
      'replicate:Dictionary<Int32, Utf8>',
      'group:Dictionary<Int32, Utf8>',
      'model:Dictionary<Int32, Utf8>',
      'task:Dictionary<Int32, Utf8>',
      'guidance:Dictionary<Int32, Utf8>',
      'site:Dictionary<Int32, Utf8>',
      'date:Date32<DAY>',
      'observed:Float64',
      'predicted:Float64',
    ]);
    const k = rows.length - 1;
    expect(arrow.getChild('site')!.get(k)).toBe(rows[k][7]);
    expect(new Date(arrow.getChild('date')!.get(k)).toISOString().slice(0, 10)).toBe(rows[k][8]);
    expect(Array.from(arrow.getChild('predicted')!.toArray() as Float64Array)).toEqual(rows.map((r) => Number(r[10])));
    // Parquet, read back with hyparquet in a child process (an ES module)
    const script = `import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
const rows = await parquetReadObjects({ file: await asyncBufferFromFile(${JSON.stringify(join(out, 'predictions.parquet'))}) });
console.log(JSON.stringify({ n: rows.length, last: rows.at(-1), predicted: rows.map((r) => r.predicted) }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: join(__dirname, '..'), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(r.stderr);
    const parquet = JSON.parse(r.stdout) as { n: number; last: Record<string, unknown>; predicted: number[] };
    expect(parquet.n).toBe(rows.length);
    expect(parquet.last).toMatchObject({ run: rows[k][0], group: rows[k][3], site: rows[k][7], date: `${rows[k][8]}T00:00:00.000Z` });
    expect(parquet.predicted).toEqual(rows.map((x) => Number(x[10])));
  });

  const readAll = pyarrow.ok ? it : it.skip;
  const readCsv = pandas.ok ? it : it.skip;
  if (!pandas.ok) console.log(`skipped the pandas checks: ${pandas.out}`);
  else if (!pyarrow.ok) console.log(`skipped the pandas checks of the Arrow and Parquet files: pyarrow is not installed for ${PYTHON} (${pyarrow.out}); the CSV is checked`);

  readCsv(`pandas (${PYTHON}) reads the CSV files with their dates`, () => {
    const r = python(
      "import pandas as pd; d = pd.read_csv('predictions.csv', parse_dates=['date']); m = pd.read_csv('metrics.csv'); print(len(d), str(d.date.dtype), repr(float(d.predicted.sum())), len(m), int(m.n.sum()))",
      out,
    );
    expect(r.ok).toBe(true);
    const [, ...rows] = csvRows(join(out, 'predictions.csv'));
    const metrics = csvRows(join(out, 'metrics.csv')).slice(1);
    const [n, dtype, sum, nm, nsum] = r.out.split(' ');
    expect(Number(n)).toBe(rows.length);
    expect(dtype).toMatch(/^datetime64/);
    expect(Number(sum)).toBeCloseTo(rows.reduce((s, x) => s + Number(x[10]), 0), 6);
    expect([Number(nm), Number(nsum)]).toEqual([metrics.length, metrics.reduce((s, x) => s + Number(x[5]), 0)]);
  });

  readAll(`pandas with pyarrow (${PYTHON}) reads the Arrow and Parquet files as the CSV`, () => {
    const r = python(
      "import pandas as pd; c = pd.read_csv('predictions.csv', float_precision='round_trip'); a = pd.read_feather('predictions.arrow'); p = pd.read_parquet('predictions.parquet'); print(len(a) == len(c) == len(p), bool((a.predicted == c.predicted).all() and (p.predicted == c.predicted).all()), bool((p.date.astype(str) == c.date).all()))",
      out,
    );
    expect(r.out).toBe('True True True');
  });

  it('--out - writes one table as CSV to stdout, byte for byte the exported file; two tables or Parquet on stdout are refused', () => {
    for (const table of ['predictions', 'metrics']) {
      const r = runCli(['export', runDir, '--out', '-', '--table', table]);
      expect([table, r.status, r.stderr]).toEqual([table, 0, expect.stringMatching(/^fluxscale export: \d+ rows\n$/)]);
      expect(r.stdout).toBe(readFileSync(join(out, `${table}.csv`), 'utf8'));
    }
    expect(runCli(['export', runDir, '--out', '-']).stderr).toContain('fluxscale: error: --out -: stdout takes one table; add --table metrics or --table predictions');
    expect(runCli(['export', runDir, '--out', '-', '--table', 'metrics', '--format', 'parquet']).stderr).toContain('fluxscale: error: --out -: stdout takes CSV; parquet is written to a folder');
    expect(existsSync('-')).toBe(false);
  });

  it('refuses an unknown format and a folder that is not a run', () => {
    expect(runCli(['export', runDir, '--format', 'xlsx']).stderr).toContain('--format must be one of arrow, parquet, csv');
    const empty = tempDir();
    expect(runCli(['export', empty]).stderr).toContain('is not a planned fluxscale run');
    expect(readdirSync(empty)).toEqual([]);
  });
});

describe('fluxscale export of an unfinished run', () => {
  it('says how to see what is left and how to finish it, not a flag export does not have', () => {
    const runDir = join(tempDir(), 'planned');
    expect(runCli(['plan', 'table1', '--config', TINY, '--out', runDir]).status).toBe(0);
    const r = runCli(['export', runDir, '--format', 'csv']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`fluxscale: error: ${join(runDir, 'metrics.json')} not found: the run is not finished: fluxscale status ${runDir} shows what is left; once it has stopped, fluxscale experiment table1 --resume ${runDir} finishes it`);
  });
});
