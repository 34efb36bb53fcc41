/**
 * Corrupt files inside a run: every read names the file and says what to do. A damaged unit (its
 * unit.json unreadable, a file missing or cut short, or a file a later unit cannot read) is moved
 * aside under damaged/ — logged, with the reason — and recomputed by --resume, to the same tables.
 * A damaged plan (config.json, manifest.json, units.jsonl) stops the resume naming the file; a
 * damaged model is a "refit" error naming the file.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './helpers/cli.js';

const LASSO = join(__dirname, 'fixtures', 'tiny-lasso.yaml');
const TABLES = ['metrics.csv', 'metrics.json', 'table1.md'];

describe('corrupt files in a run directory', () => {
  const finished = join(tempDir(), 'finished');
  beforeAll(() => {
    expect(runCli(['experiment', 'table1', '--config', LASSO, '--out', finished, '--jobs', '1']).status).toBe(0);
  });

  /** A copy of the finished run to damage. */
  const copy = (): string => {
    const dir = join(tempDir(), 'damaged-run');
    cpSync(finished, dir, { recursive: true });
    return dir;
  };
  const resume = (runDir: string) => runCli(['experiment', 'table1', '--resume', runDir, '--jobs', '1']);
  const sameTables = (runDir: string): void => {
    for (const name of TABLES) expect(readFileSync(join(runDir, name), 'utf8')).toBe(readFileSync(join(finished, name), 'utf8'));
  };
  /** Overwrites part of a file with bytes of the same length: the size still matches unit.json. */
  const scribble = (file: string, at: number, text: string): void => {
    const bytes = readFileSync(file);
    bytes.write(text, at);
    writeFileSync(file, bytes);
  };

  it('a broken unit.json: status calls the unit damaged; --resume moves it aside, says so and recomputes it', () => {
    const runDir = copy();
    const unit = join(runDir, 'tune', 'GRA', 'raw', 'lasso', 'trial-0-fold-0');
    writeFileSync(join(unit, 'unit.json'), '{"id": "ab\u0001cd"}');
    expect(runCli(['status', '--run', runDir]).stdout).toMatch(/damaged tune\/GRA\/raw\/lasso\/trial-0-fold-0: unit\.json: not valid JSON \(Bad control character/);
    const r = resume(runDir);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/tune\/GRA\/raw\/lasso\/trial-0-fold-0: damaged \(unit\.json: not valid JSON \(Bad control character[^)]*\)\); moved it to damaged\/tune\/GRA\/raw\/lasso\/trial-0-fold-0\/[\w-]+, so the unit runs again/);
    expect(r.stderr).toMatch(/finished in \d+ s: 1 units run, 17 cached, 0 failed/);
    const aside = join(runDir, 'damaged', 'tune', 'GRA', 'raw', 'lasso', 'trial-0-fold-0');
    const [moved] = readdirSync(aside);
    expect(readFileSync(join(aside, moved, 'why.txt'), 'utf8')).toContain('Bad control character');
    expect(existsSync(join(aside, moved, 'score.json'))).toBe(true);
    sameTables(runDir);
  });

  it('a file cut short: the size differs from unit.json, so the unit is recomputed', () => {
    const runDir = copy();
    const file = join(runDir, 'fit', 'GRA', 'iav', 'lasso', 'test.csv');
    const size = statSync(file).size;
    truncateSync(file, Math.floor(size / 2));
    const r = resume(runDir);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`fit/GRA/iav/lasso: damaged (test.csv has ${Math.floor(size / 2)} bytes, unit.json says ${size} (cut short?))`);
    expect(r.stderr).toMatch(/1 units run, 17 cached, 0 failed/);
    sameTables(runDir);
  });

  it('a prepared site that cannot be read: the unit reading it fails naming the file; the site is moved aside and recomputed on the next --resume', () => {
    const runDir = copy();
    const site = join(runDir, 'prepare', 'AT-Neu', 'site.json');
    scribble(site, 0, '{"siteId": \u0001');
    rmSync(join(runDir, 'tune', 'GRA', 'iav', 'lasso', 'trial-1-fold-1'), { recursive: true });
    rmSync(join(runDir, 'score'), { recursive: true });
    const first = resume(runDir);
    expect(first.status).toBe(1);
    expect(first.stderr).toContain(`failed: tune/GRA/iav/lasso/trial-1-fold-1: ${site}: not valid JSON (`);
    expect(first.stderr).toContain('the unit that wrote it is damaged: resume the run (--resume RUN_DIR) to recompute it');
    expect(first.stderr).toMatch(/prepare\/AT-Neu: site\.json cannot be read by tune\/GRA\/iav\/lasso\/trial-1-fold-1; moved it to damaged\/prepare\/AT-Neu\//);
    const second = resume(runDir);
    expect(second.status).toBe(0);
    expect(second.stderr).toMatch(/3 units run, 15 cached, 0 failed/);
    sameTables(runDir);
  });

  it('a predictions file with a broken line: scoring fails naming the file and line; the fit is recomputed on the next --resume', () => {
    const runDir = copy();
    const file = join(runDir, 'fit', 'GRA', 'seasonal', 'lasso', 'test.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    scribble(file, lines[0].length + 1 + lines[1].length + 1 + 8, '#');
    rmSync(join(runDir, 'score'), { recursive: true });
    const first = resume(runDir);
    expect(first.status).toBe(1);
    expect(first.stderr).toMatch(new RegExp(`failed: score/table1: ${file}: line 3 is '[^']*#[^']*', expected site,YYYY-MM-DD,observed,predicted`));
    const second = resume(runDir);
    expect(second.status).toBe(0);
    expect(second.stderr).toMatch(/2 units run, 16 cached, 0 failed/);
    sameTables(runDir);
  });

  it('a cut model.json: predict says which file and to refit; --resume refits it', () => {
    const runDir = copy();
    const model = join(runDir, 'fit', 'GRA', 'seasonal', 'lasso', 'model', 'model.json');
    truncateSync(model, 120);
    const predict = runCli(['predict', '--model', join(runDir, 'fit', 'GRA', 'seasonal', 'lasso'), '--site', 'FR-Gri', '--backend', 'cpu']);
    expect(predict.status).toBe(1);
    expect(predict.stderr).toMatch(new RegExp(`^fluxscale: error: ${model}: not valid JSON \\(.*\\); refit the model$`, 'm'));
    const r = resume(runDir);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('fit/GRA/seasonal/lasso: damaged (model/model.json has 120 bytes');
    sameTables(runDir);
  });

  it.each([
    ['config.json', (f: string) => writeFileSync(f, '{"seed": 42,'), /config\.json: not valid JSON \(.*\); the run directory is damaged: restore the file from a copy of the run, or start a new run with --out/],
    ['manifest.json', (f: string) => writeFileSync(f, ''), /manifest\.json: empty \(cut off when written\?\); the run directory is damaged/],
    ['units.jsonl', (f: string) => truncateSync(f, statSync(f).size - 40), /units\.jsonl: line 18: not valid JSON \(.*\); the run directory is damaged/],
  ])('a damaged %s stops the resume, naming the file and what to do', (name, damage, message) => {
    const runDir = copy();
    damage(join(runDir, name));
    const r = resume(runDir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(join(runDir, name));
  });

  it('a damaged failure record or Slurm job record is named by status, with what to do', () => {
    const runDir = copy();
    const unit = JSON.parse(readFileSync(join(runDir, 'units.jsonl'), 'utf8').split('\n')[0]);
    rmSync(join(runDir, unit.path), { recursive: true });
    mkdirSync(join(runDir, 'failures'));
    writeFileSync(join(runDir, 'failures', `${unit.id}.json`), '{"message": "bo');
    expect(runCli(['status', '--run', runDir]).stdout).toContain(`${join(runDir, 'failures', `${unit.id}.json`)}: not valid JSON`);
    writeFileSync(join(runDir, 'failures', `${unit.id}.json`), '{}');
    mkdirSync(join(runDir, 'slurm'));
    writeFileSync(join(runDir, 'slurm', 'jobs.json'), '[{"jobId": ');
    const status = runCli(['status', '--run', runDir]);
    expect(status.status).toBe(1);
    expect(status.stderr).toContain(`${join(runDir, 'slurm', 'jobs.json')}: not valid JSON`);
    expect(status.stderr).toContain('delete it (it only lists the submitted jobs for fluxscale status');
  });
});
