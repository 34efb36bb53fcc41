import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { closeFigureRenderer, groupedBars } from '@fluxscale/evaluation';
import { chromium, type Browser } from 'playwright-core';
import { readFigureRecords, type FigureRecord } from '../src/figures/record.js';
import { ALIKE, crossScaleFinding, guidanceFinding, lstmLowestRmse, recombinedFinding, tableFindings, trendFinding } from '../src/report/findings.js';
import { compareScore } from '../src/report/html-tables.js';
import type { RunMetrics } from '../src/report/run-dir.js';
import { inlineSvg, SvgInputError } from '../src/report/svg.js';
import type { CrossScore, PooledScore } from '../src/pipeline/tables.js';
import { writeRunReport } from '../src/engine/run-report.js';
import { runCli, tempDir } from './helpers/cli.js';

const TINY = join(__dirname, 'fixtures', 'tiny.yaml');
const CHROMIUM = process.env.FLUXSCALE_CHROMIUM || '/usr/bin/chromium';

const pooled = (model: PooledScore['model'], task: PooledScore['task'], guidance: PooledScore['guidance'], rmse: number, r2: number): PooledScore => ({
  model,
  task,
  guidance,
  rmse,
  r2,
  lcs: 0.1,
  mae: 0.5 * rmse,
  n: 100,
});
const cross = (target: CrossScore['target'], model: CrossScore['model'], rmse: number, r2: number): CrossScore => ({ target, model, rmse, r2, lcs: 0.1, mae: 0.5 * rmse, n: 100 });
const metrics = (m: Partial<RunMetrics>): RunMetrics => ({ pooled: [], cross: [], recombined: [], ...m });

describe('table-level findings (hand-made metrics)', () => {
  it('the LSTM with the lowest raw RMSE is reproduced, with the numbers', () => {
    const f = lstmLowestRmse(metrics({ pooled: [pooled('lstm', 'raw', 'unguided', 1.5, 0.6), pooled('rf', 'raw', 'unguided', 1.7, 0.5), pooled('lasso', 'raw', 'unguided', 2.1, 0.3)] }), 'raw');
    expect(f.reproduced).toBe(true);
    expect(f.observed).toBe('LSTM 1.500 vs 1.700–2.100 (RF, LASSO)');
    expect(f.paper).toBe('LSTM 1.563 vs 1.630–2.097 (FNN, RF, SVR, LASSO)');
  });

  it('an LSTM beaten by one model is not reproduced', () => {
    const f = lstmLowestRmse(metrics({ pooled: [pooled('lstm', 'seasonal', 'guided', 1.3, 0.6), pooled('svr', 'seasonal', 'guided', 1.2, 0.7), pooled('lasso', 'seasonal', 'guided', 1.6, 0.4)] }), 'seasonal');
    expect(f.reproduced).toBe(false);
    expect(f.observed).toBe('LSTM 1.300 vs 1.200–1.600 (SVR, LASSO)');
  });

  it('is not testable without a second model, or without the LSTM', () => {
    expect(lstmLowestRmse(metrics({ pooled: [pooled('lstm', 'iav', 'guided', 0.3, 0.2)] }), 'iav').reproduced).toBeNull();
    expect(lstmLowestRmse(metrics({ pooled: [pooled('rf', 'iav', 'guided', 0.3, 0.2), pooled('svr', 'iav', 'guided', 0.4, 0.1)] }), 'iav').reproduced).toBeNull();
    // the unguided model's IAV band is not Table 1's IAV column
    expect(lstmLowestRmse(metrics({ pooled: [pooled('lstm', 'iav', 'unguided', 0.3, 0.2), pooled('rf', 'iav', 'guided', 0.4, 0.1)] }), 'iav').reproduced).toBeNull();
  });

  it('guided vs unguided: IAV needs lower RMSE and higher R²; seasonal needs scores alike', () => {
    const iav = (g: [number, number], u: [number, number]) =>
      guidanceFinding(metrics({ pooled: [pooled('lstm', 'iav', 'guided', ...g), pooled('lstm', 'iav', 'unguided', ...u)] }), 'iav');
    expect(iav([0.3, 0.2], [0.35, 0.05]).reproduced).toBe(true);
    expect(iav([0.3, 0.2], [0.35, 0.05]).observed).toContain('ΔR² +0.150');
    expect(iav([0.3, 0.04], [0.35, 0.05]).reproduced).toBe(false);
    const seasonal = (g: [number, number], u: [number, number]) =>
      guidanceFinding(metrics({ pooled: [pooled('lstm', 'seasonal', 'guided', ...g), pooled('lstm', 'seasonal', 'unguided', ...u)] }), 'seasonal');
    expect(seasonal([1.05, 0.7], [1.0, 0.72]).reproduced).toBe(true); // +5 % RMSE, −0.02 R²
    expect(seasonal([1.0 * (1 + ALIKE.rmseRelative) + 0.01, 0.7], [1.0, 0.7]).reproduced).toBe(false);
    expect(seasonal([1.0, 0.6], [1.0, 0.7]).reproduced).toBe(false);
    expect(guidanceFinding(metrics({ pooled: [pooled('lstm', 'seasonal', 'guided', 1, 0.7)] }), 'seasonal').reproduced).toBeNull();
  });

  it('cross-scale: the correct-scale LSTM must win on its own band', () => {
    const m = metrics({ cross: [cross('seasonal', 'seasonal', 1.1, 0.7), cross('seasonal', 'iav', 2.1, 0), cross('iav', 'iav', 0.34, 0.18), cross('iav', 'seasonal', 0.3, 0.0)] });
    expect(crossScaleFinding(m, 'seasonal').reproduced).toBe(true);
    expect(crossScaleFinding(m, 'seasonal').observed).toBe('RMSE 1.100 vs 2.100, R² 0.700 vs 0.000');
    expect(crossScaleFinding(m, 'seasonal').paper).toBe('RMSE 1.110 vs 2.103, R² 0.706 vs 0.000');
    expect(crossScaleFinding(m, 'iav').reproduced).toBe(false); // the seasonal LSTM has the lower IAV RMSE
    expect(crossScaleFinding(metrics({}), 'iav').reproduced).toBeNull();
  });

  it('Table S1: the trend changes little; the summed bands against the unguided LSTM', () => {
    const raw = pooled('lstm', 'raw', 'unguided', 1.6, 0.6);
    const m = metrics({ pooled: [raw], recombined: [pooled('lstm', 'iav', 'guided', 1.62, 0.6), pooled('lstm', 'trend', 'guided', 1.58, 0.61)] });
    expect(trendFinding(m).reproduced).toBe(true);
    expect(recombinedFinding(m).reproduced).toBe(true);
    expect(recombinedFinding(m).observed).toMatch(/^seasonal \+ IAV \+ trend: RMSE 1\.580, R² 0\.610; unguided LSTM: RMSE 1\.600/);
    const worse = metrics({ pooled: [raw], recombined: [pooled('lstm', 'iav', 'guided', 2.6, 0.2), pooled('lstm', 'trend', 'guided', 2.0, 0.4)] });
    expect(trendFinding(worse).reproduced).toBe(false);
    expect(recombinedFinding(worse).reproduced).toBe(false);
    expect(trendFinding(metrics({ recombined: [pooled('lstm', 'iav', 'guided', 1.6, 0.6)] })).reproduced).toBeNull();
  });

  it('tableFindings lists nine findings with distinct ids, all untestable on empty metrics', () => {
    const all = tableFindings(metrics({}));
    expect(all).toHaveLength(9);
    expect(new Set(all.map((f) => f.id)).size).toBe(9);
    expect(all.every((f) => f.reproduced === null && f.claim !== '' && f.paper !== '')).toBe(true);
  });
});

describe('report helpers', () => {
  it('compareScore: lower RMSE / LCS / MAE and higher R² are better, at three decimals', () => {
    expect(compareScore(1.5, 1.563, 'rmse')).toBe('better');
    expect(compareScore(0.5, 0.634, 'r2')).toBe('worse');
    expect(compareScore(0.1234, 0.1231, 'lcs')).toBe('same');
    expect(compareScore(undefined, 1, 'mae')).toBe('none');
    expect(compareScore(Number.NaN, 1, 'mae')).toBe('none');
  });

  it('inlineSvg strips the prologue and active content and prefixes ids and their references', () => {
    const svg =
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">\n<!-- c -->' +
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="20"><defs><clipPath id="clip1"><rect/></clipPath></defs>' +
      '<script>alert(1)</script><g clip-path="url(#clip1)" onclick="x()"><use href="#clip1"/><a href="https://example.org/">t</a></g></svg>\n';
    const out = inlineSvg(svg, 'p0-', 'a.svg');
    expect(out).toBe(
      '<svg viewBox="0 0 10 20" xmlns="http://www.w3.org/2000/svg" width="10" height="20"><defs><clipPath id="p0-clip1"><rect/></clipPath></defs>' +
        '<g clip-path="url(#p0-clip1)"><use href="#p0-clip1"/><a>t</a></g></svg>',
    );
    expect(() => inlineSvg('<html></html>', 'p', 'b.svg')).toThrow(SvgInputError);
    expect(() => inlineSvg('<html></html>', 'p', 'b.svg')).toThrow('b.svg holds no <svg> element');
  });
});

/** A hand-made figure folder following src/figures/record.ts, with two real panels, in place of the run's own Fig. 3. */
async function addFigure(runDir: string): Promise<FigureRecord> {
  const dir = join(runDir, 'figures', 'fig3');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const panels = [];
  for (const band of ['seasonal', 'iav']) {
    const svg = await groupedBars({ categories: ['GRA', 'CRO'], series: [{ name: 'ΔR²', values: [0.1, -0.05] }], yTitle: 'ΔR² (–)', title: `${band}: guided − unguided` });
    writeFileSync(join(dir, `${band}.svg`), `<?xml version="1.0" encoding="UTF-8"?>\n${svg}`);
    panels.push({ file: `${band}.svg`, title: `${band} band`, caption: 'ΔR² per group' });
  }
  writeFileSync(join(dir, 'deltas.csv'), 'group,band,dr2\nGRA,seasonal,0.1\n');
  const record: FigureRecord = {
    id: 'fig3',
    title: 'Fig. 3 — guided minus unguided (hand-made test figure)',
    caption: 'Test figure',
    panels,
    data: ['deltas.csv'],
    findings: [{ id: 'fig3-test', claim: 'A figure finding', paper: 'paper evidence', observed: 'our evidence', reproduced: false }],
    settings: { seed: 1 },
    createdAt: new Date().toISOString(),
  };
  writeFileSync(join(dir, 'figure.json'), JSON.stringify(record));
  return record;
}

describe('fluxscale report (tiny run, end to end, headless Chromium)', () => {
  const runDir = join(tempDir(), 'run');
  let figure: FigureRecord;
  let records: FigureRecord[];
  let report: ReturnType<typeof runCli>;
  let browser: Browser;

  beforeAll(async () => {
    const run = runCli(['experiment', 'all', '--config', TINY, '--out', runDir, '--jobs', '2']);
    if (run.status !== 0) throw new Error(`tiny run failed: ${run.stderr}`);
    figure = await addFigure(runDir);
    await closeFigureRenderer();
    records = readFigureRecords(runDir);
    report = runCli(['report', runDir]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('writes RUN_DIR/report.html, a self-contained page', () => {
    const panels = records.reduce((n, r) => n + r.panels.length, 0);
    expect(report.stderr).toContain(`${records.length} figure(s), ${panels} panel(s)`);
    expect(report.status).toBe(0);
    const file = join(runDir, 'report.html');
    expect(report.stdout.trim()).toBe(file);
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b|@import|<\?xml/i);
    expect(html).toContain('href="figures/fig3/deltas.csv"');
  });

  it('renders in Chromium without errors, with every panel inline, the tables and the findings, and no request off file://', async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}: install it (Debian: apt-get install chromium) or point FLUXSCALE_CHROMIUM at a Chromium binary`);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const page = await browser.newPage();
    const errors: string[] = [];
    const offline: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) offline.push(r.url());
    });
    await page.goto(pathToFileURL(join(runDir, 'report.html')).href, { waitUntil: 'load' });
    expect(errors).toEqual([]);
    expect(offline).toEqual([]);
    expect(records.map((r) => r.id)).toContain('fig3');
    for (const record of records) {
      expect(await page.locator(`section#figure-${record.id} h3`).textContent()).toBe(record.title);
      for (const panel of record.panels) {
        const selector = `figure.panel[data-figure="${record.id}"][data-panel="${panel.file}"] > svg`;
        expect(await page.locator(selector).count()).toBe(1);
        const box = await page.locator(selector).boundingBox();
        expect(box!.width).toBeGreaterThan(100);
      }
    }
    expect(await page.locator('figure.panel > svg').count()).toBe(records.reduce((n, r) => n + r.panels.length, 0));
    expect(await page.locator('figure.panel[data-figure="fig3"] > svg').count()).toBe(figure.panels.length);
    expect(await page.locator('#table1 table.scores tbody tr').count()).toBe(2);
    expect(await page.locator('#table1 tbody th').allTextContents()).toEqual(['LSTM', 'LASSO']);
    expect(await page.locator('#table2 table.scores').count()).toBe(1);
    expect(await page.locator('#table-s1 table.scores').count()).toBe(2);
    expect(await page.locator('#findings ul.findings li').count()).toBe(9 + records.reduce((n, r) => n + r.findings.length, 0));
    expect(await page.locator('#finding-fig3-test .verdict').textContent()).toBe('✗');
    expect(await page.locator('#run').textContent()).toContain('AT-Neu');
    expect(await page.locator('#config details pre').textContent()).toContain('"profile": "tiny"');
    const ids = (await page.evaluate('[...document.querySelectorAll("[id]")].map((e) => e.id)')) as string[];
    expect(ids.length).toBeGreaterThan(10);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('--out FILE writes elsewhere with CSV links that reach the run', () => {
    const out = join(tempDir(), 'nested', 'page.html');
    const r = runCli(['report', runDir, '--out', out]);
    expect(r.status).toBe(0);
    const href = /href="([^"#]+deltas\.csv)"/.exec(readFileSync(out, 'utf8'))![1];
    expect(existsSync(resolve(dirname(out), decodeURIComponent(href)))).toBe(true);
  });

  it('--open runs the desktop opener on the page, and only prints the path when there is none', async () => {
    const bin = tempDir();
    const opened = join(bin, 'opened.txt');
    const opener = join(bin, process.platform === 'darwin' ? 'open' : 'xdg-open');
    writeFileSync(opener, `#!/bin/sh\necho "$1" > "${opened}"\n`);
    chmodSync(opener, 0o755);
    const withOpener = runCli(['report', runDir, '--open'], { PATH: `${bin}:${process.env.PATH}` });
    expect(withOpener.status).toBe(0);
    for (let k = 0; k < 50 && !existsSync(opened); k++) await new Promise((r) => setTimeout(r, 100));
    expect(readFileSync(opened, 'utf8').trim()).toBe(join(runDir, 'report.html'));
    const none = runCli(['report', runDir, '--open'], { PATH: tempDir() });
    expect(none.status).toBe(0);
    expect(none.stderr).toContain(`open ${join(runDir, 'report.html')} in a browser`);
  });
});

describe('fluxscale report: a planned run, nothing scored yet', () => {
  it('still writes the page: the run and its config, no tables, no figures', () => {
    const runDir = join(tempDir(), 'planned');
    expect(runCli(['plan', 'table1', '--config', TINY, '--out', runDir]).status).toBe(0);
    const r = runCli(['report', runDir]);
    expect(r.status).toBe(0);
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    expect(html).toContain('This run has no scores and no figures yet.');
    expect(html).toContain('<section id="run">');
    expect(html).not.toContain('<section id="tables">');
    expect(html).not.toContain('<section id="figures">');
  });
});

describe('fluxscale report: bad input', () => {
  it('names a missing run directory', () => {
    const r = runCli(['report', '/nonexistent-run']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('run directory not found: /nonexistent-run');
  });

  it('names a folder that is not a run', () => {
    const dir = tempDir();
    const r = runCli(['report', dir]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`${dir} is not a run directory: it has no manifest.json`);
  });

  it('reports a missing panel in the page and as a warning, and renders the rest', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ experiment: 'all' }));
    mkdirSync(join(dir, 'figures', 'fig7'), { recursive: true });
    const record = { id: 'fig7', title: 'Fig. 7', caption: 'c', panels: [{ file: 'gone.svg', title: 'gone' }, { file: 'here.svg', title: 'here' }], data: [], findings: [], settings: {}, createdAt: '' };
    writeFileSync(join(dir, 'figures', 'fig7', 'figure.json'), JSON.stringify(record));
    writeFileSync(join(dir, 'figures', 'fig7', 'here.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>');
    const written = writeRunReport(dir);
    expect(written.panels).toBe(1);
    expect(written.warnings).toEqual([`${join(dir, 'figures', 'fig7', 'gone.svg')}: panel listed in figure.json is missing`]);
    const html = readFileSync(written.file, 'utf8');
    expect(html).toContain('<div class="missing">missing panel: gone.svg</div>');
    expect(html).toContain('<svg viewBox="0 0 4 4"');
  });

  it('names a malformed figure record', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ experiment: 'table1' }));
    mkdirSync(join(dir, 'figures', 'fig6'), { recursive: true });
    writeFileSync(join(dir, 'figures', 'fig6', 'figure.json'), JSON.stringify({ id: 'fig6', title: 't', panels: 'a.svg' }));
    const r = runCli(['report', dir]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`${join(dir, 'figures', 'fig6', 'figure.json')}: 'panels' must be a list`);
  });
});
