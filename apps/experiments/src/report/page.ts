/**
 * The HTML report of a run directory as one self-contained page: findings, the score tables
 * beside the paper's, every figure's SVG panels inline, the manifest and the resolved config.
 * No network: styles are inline, figures are inline SVG, links point to the run's own files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bandLabel, GUIDED_BANDS, type DecompositionMode, type GuidedBand } from '@fluxscale/decomposition';
import type { FigureRecord, Finding } from '../figures/record.js';
import type { Comparison, VerdictFile } from '../pipeline/verdict.js';
import { plainVerdict } from '../pipeline/verdict-markdown.js';
import { tableFindings } from './findings.js';
import { definitionList, escapeHtml, htmlTable, relativeHref } from './html.js';
import { guidanceHtml, table1Html, table2Html, tableS1Html } from './html-tables.js';
import type { RunData, RunManifest } from './run-dir.js';
import { SCORE_UNITS } from '../pipeline/tables.js';
import { REPORT_CSS } from './style.js';
import { unseenSitesHtml } from './unseen.js';
import { inlineSvg, SvgInputError } from './svg.js';

/** The evaluation scheme of a run in a few words. */
const schemeLabel = (e: VerdictFile['evaluation']): string =>
  e.scheme === 'rolling-origin' ? `rolling-origin, ${e.folds} test blocks` : e.scheme === 'leave-site-out' ? `leave-site-out, ${e.folds} site folds: every day of sites the models never saw` : 'chronological split';

/** The page and what was wrong with the run's files without stopping the report (missing panels, …). */
export interface RenderedReport {
  readonly html: string;
  readonly warnings: readonly string[];
  /** Inline SVG panels rendered, over all figures. */
  readonly panels: number;
}

/** One section of the page: anchor id, title, HTML body, and the sub-sections listed under it in the contents. */
export interface Section {
  readonly id: string;
  readonly title: string;
  readonly html: string;
  readonly children?: ReadonlyArray<{ readonly id: string; readonly title: string }>;
}

/** A section of an experiment's report: rendered from what the run directory holds, or null where it holds nothing for it. */
export type ReportSection = (data: RunData) => Section | null;

/**
 * The sections an experiment adds to its runs' report: `headline` first on the page (its answer in
 * plain words), `results` after the findings; the findings, unseen sites, figures, run and
 * configuration are every run's.
 */
export interface ExperimentReport {
  readonly headline: readonly ReportSection[];
  readonly results: readonly ReportSection[];
}

const VERDICT: Record<'yes' | 'no' | 'na', { mark: string; label: string }> = {
  yes: { mark: '✓', label: 'reproduced' },
  no: { mark: '✗', label: 'not reproduced' },
  na: { mark: '–', label: 'not testable with this run' },
};
const verdictOf = (f: Finding): keyof typeof VERDICT => (f.reproduced === null ? 'na' : f.reproduced ? 'yes' : 'no');
const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const json = (value: unknown): string => `<pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;

/** The findings as a list with a ✓ / ✗ / – verdict, the claim, the paper's evidence and ours. */
export function findingsList(findings: readonly Finding[]): string {
  const items = findings.map((f) => {
    const v = VERDICT[verdictOf(f)];
    return (
      `<li class="${verdictOf(f)}" id="finding-${escapeHtml(slug(f.id))}"><span class="verdict" title="${v.label}" aria-label="${v.label}">${v.mark}</span>` +
      `<div><span class="claim">${escapeHtml(f.claim)}</span>` +
      `<span class="evidence"><b>ours:</b> ${escapeHtml(f.observed)}</span><span class="evidence"><b>paper:</b> ${escapeHtml(f.paper)}</span></div></li>`
    );
  });
  return `<ul class="findings">${items.join('')}</ul>`;
}

function findingsSection(tableLevel: readonly Finding[], figures: readonly FigureRecord[]): Section {
  const all = [...tableLevel, ...figures.flatMap((f) => f.findings)];
  const testable = all.filter((f) => f.reproduced !== null);
  const reproduced = testable.filter((f) => f.reproduced).length;
  const summary = `<p>${reproduced} of ${testable.length} testable findings reproduced (${all.length - testable.length} not testable with this run). ✓ reproduced, ✗ not reproduced, – not testable. Computed from this run’s results; the paper pooled 94 sites.</p>`;
  const blocks = [summary];
  if (tableLevel.length > 0) blocks.push('<h3>From the tables</h3>', findingsList(tableLevel));
  for (const f of figures.filter((r) => r.findings.length > 0)) blocks.push(`<h3>${escapeHtml(f.title)}</h3>`, findingsList(f.findings));
  if (all.length === 0) blocks.push('<p class="muted">This run has no scores and no figures yet.</p>');
  return { id: 'findings', title: 'Findings', html: blocks.join('\n') };
}

/** "Does scale guidance help?": the verdict in plain words with its numbers, first on the page of a verdict run. */
export function verdictSection(data: RunData): Section | null {
  const v = data.verdict;
  if (!v) return null;
  const line = (comparison: Comparison, model: string, band: GuidedBand, mode: DecompositionMode) => {
    const text = plainVerdict(v, comparison, model, band, mode);
    const verdict = text.split(/[:(]/)[0].trim();
    return `<li><span class="verdict-word ${escapeHtml(slug(verdict))}">${escapeHtml(verdict)}</span> — ${escapeHtml(bandLabel(band))} band, SSA ${escapeHtml(mode)}${escapeHtml(text.slice(verdict.length))}</li>`;
  };
  const lstm = v.modes.flatMap((mode) => GUIDED_BANDS.map((band) => line('guidance', 'lstm', band, mode)));
  const controls = v.models.filter((m) => m !== 'lstm').flatMap((model) => v.modes.flatMap((mode) => GUIDED_BANDS.map((band) => line('guidance', model, band, mode).replace('<li>', `<li>${escapeHtml(model.toUpperCase())}: `))));
  const cross = v.modes.flatMap((mode) => GUIDED_BANDS.map((band) => line('cross-scale', 'lstm', band, mode)));
  const html = [
    `<p>Is an LSTM trained on each SSA band (guided) better than one LSTM trained on raw NEE whose prediction is decomposed into the bands (unguided)? Over ${v.sites} sites in ${Object.keys(v.groups).length} ecosystem groups, on each site’s out-of-sample test days (${schemeLabel(v.evaluation)}), against the band of the observed NEE; the unguided band is extracted from the observations with the test days replaced by the prediction, so that fitting the training days earns nothing. Δ = guided − unguided, mean over sites with the 95 % site-bootstrap interval (${v.bootstrap.resamples} resamples; seeds averaged within a site). <b>helps</b> / <b>hurts</b>: the band’s primary metric’s interval excludes zero on that side; otherwise <b>no evidence</b>. The no-skill baseline (day-of-year climatology), the sensitivity to each scoring choice and every metric are in verdict.md.</p>`,
    `<h3>The LSTM, all sites</h3><ul class="verdicts">${lstm.join('')}</ul>`,
    '<p class="muted">The paper finds that guidance helps on the inter-annual band (guided IAV R² 0.181; +0.42 in SAV/WSA) and makes no significant difference on the seasonal band.</p>',
    controls.length > 0 ? `<h3>Controls: is the effect specific to the LSTM?</h3><ul class="verdicts">${controls.join('')}</ul>` : '',
    cross.length > 0 ? `<h3>Cross-scale: each band’s own LSTM against the other band’s LSTM</h3><ul class="verdicts">${cross.join('')}</ul>` : '',
    `<p>Per group, both modes and every metric: <a href="verdict.md">verdict.md</a>; every per-site difference: <a href="verdict.json">verdict.json</a>; forest plots under Figures.</p>`,
  ].join('\n');
  return { id: 'verdict', title: 'Does scale guidance help?', html };
}

/** "Tables": Table 1, guided vs unguided, Table 2 and Table S1 beside the paper's, those the run's metrics.json has scores for. */
export function tablesSection(data: RunData): Section | null {
  if (!data.metrics) return null;
  const parts: Array<{ id: string; title: string; html: string }> = [
    { id: 'table1', title: 'Table 1', html: table1Html(data.metrics) },
    { id: 'guidance', title: 'Guided vs unguided', html: guidanceHtml(data.metrics) },
    { id: 'table2', title: 'Table 2', html: table2Html(data.metrics) },
    { id: 'table-s1', title: 'Table S1', html: tableS1Html(data.metrics) },
  ].filter((p) => p.html !== '');
  if (parts.length === 0) return null;
  const legend =
    `<p class="legend">Scores: ${escapeHtml(SCORE_UNITS)}; test set pooled over the run’s sites. ` +
    '<span class="better">▲ better</span> / <span class="worse">▼ worse</span> than the number in brackets below it (the paper’s, or the unguided model’s where the caption says so; guided vs unguided: than the unguided model). ' +
    `Read from <code>${escapeHtml(data.metricsFile ?? '')}</code>.</p>`;
  return {
    id: 'tables',
    title: 'Tables',
    html: [legend, ...parts.map((p) => `<section id="${p.id}">${p.html}</section>`)].join('\n'),
    children: parts.map(({ id, title }) => ({ id, title })),
  };
}

/** "Unseen sites": a leave-site-out run's Table 1 (beside a chronological run's) and skill against climate distance. */
function unseenSection(data: RunData): Section | null {
  const html = unseenSitesHtml(data.metrics, data.unseenSites, data.chronological);
  return html === '' ? null : { id: 'unseen-sites', title: 'Unseen sites', html };
}

/** One figure: its title, caption, inline panels, links to its CSVs and its settings. */
function figureHtml(data: RunData, outDir: string, record: FigureRecord, warnings: string[]): { html: string; panels: number } {
  const dir = join(data.runDir, 'figures', record.id);
  let panels = 0;
  const figures = record.panels.map((panel, k) => {
    const file = join(dir, panel.file);
    let body: string;
    if (!existsSync(file)) {
      warnings.push(`${file}: panel listed in figure.json is missing`);
      body = `<div class="missing">missing panel: ${escapeHtml(panel.file)}</div>`;
    } else {
      try {
        body = inlineSvg(readFileSync(file, 'utf8'), `${record.id}-p${k}-`, file);
        panels++;
      } catch (err) {
        if (!(err instanceof SvgInputError)) throw err;
        warnings.push(err.message);
        body = `<div class="missing">unreadable panel: ${escapeHtml(panel.file)}</div>`;
      }
    }
    const caption = panel.caption ? ` ${escapeHtml(panel.caption)}` : '';
    return `<figure class="panel" data-figure="${escapeHtml(record.id)}" data-panel="${escapeHtml(panel.file)}">${body}<figcaption><strong>${escapeHtml(panel.title)}</strong>${caption}</figcaption></figure>`;
  });
  const links = record.data.map((csv) => `<a href="${escapeHtml(relativeHref(outDir, join(dir, csv)))}">${escapeHtml(csv)}</a>`);
  const html = [
    `<section class="figure" id="figure-${escapeHtml(record.id)}"><h3>${escapeHtml(record.title)}</h3>`,
    `<p>${escapeHtml(record.caption)}</p>`,
    `<div class="panels">${figures.join('')}</div>`,
    links.length > 0 ? `<p class="data-links">Data (CSV): ${links.join(', ')}</p>` : '',
    `<details><summary>Settings</summary>${json(record.settings)}<p class="muted">Drawn ${escapeHtml(record.createdAt)}.</p></details></section>`,
  ].join('\n');
  return { html, panels };
}

function figuresSection(data: RunData, outDir: string, warnings: string[]): { section: Section | null; panels: number } {
  if (data.figures.length === 0) return { section: null, panels: 0 };
  const drawn = data.figures.map((f) => figureHtml(data, outDir, f, warnings));
  return {
    section: {
      id: 'figures',
      title: 'Figures',
      html: drawn.map((d) => d.html).join('\n'),
      children: data.figures.map((f) => ({ id: `figure-${f.id}`, title: f.title })),
    },
    panels: drawn.reduce((n, d) => n + d.panels, 0),
  };
}

const text = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : escapeHtml(String(v)));

function runSection(m: RunManifest): Section {
  const facts = definitionList([
    ['experiment', text(m.experiment)],
    ['profile', text(m.profile)],
    ['seed', text(m.seed)],
    ['started', text(m.createdAt)],
    ['finished', text(m.finishedAt ?? 'not finished')],
    ['wall time', m.seconds === undefined ? undefined : `${m.seconds.toFixed(1)} s`],
    ['units', m.units === undefined ? undefined : `${m.units} planned${m.unitsRun === undefined ? '' : `, ${m.unitsRun} run, ${m.unitsCached ?? 0} cached`}${m.interrupted ? ', interrupted' : ''}`],
    ['backend', text(m.backend)],
    ['executor', m.executor === undefined ? undefined : `${escapeHtml(m.executor)}${m.jobs === undefined ? '' : ` (${m.jobs} jobs)`}`],
    ['git commit', m.gitCommit === undefined ? undefined : `<code>${escapeHtml(m.gitCommit ?? 'unknown')}</code>`],
    ['node', text(m.node)],
    ['data', text(m.data?.dir)],
    ['target', text(m.data?.target)],
    ['drivers', text(m.data?.drivers?.join(', '))],
    ['SSA', m.ssa === undefined ? undefined : escapeHtml(Object.entries(m.ssa).map(([k, v]) => `${k} ${v ?? 'default'}`).join(', '))],
  ]);
  const blocks = [facts];
  if (m.versions) blocks.push('<h3>Package versions</h3>', htmlTable(['package', 'version'], Object.entries(m.versions).map(([k, v]) => [escapeHtml(k), escapeHtml(v)])));
  if (m.sites) {
    const groups = [...new Set(m.sites.map((s) => s.group ?? '?'))].sort();
    blocks.push(
      `<h3>Sites used (${m.sites.length}, ${groups.length} ecosystem group${groups.length === 1 ? '' : 's'})</h3>`,
      htmlTable(
        ['site', 'group', 'IGBP', 'lat', 'lon'],
        m.sites.map((s) => [escapeHtml(s.site), text(s.group) ?? '', text(s.igbp) ?? '', text(s.lat) ?? '', text(s.lon) ?? '']),
      ),
    );
  }
  if (m.skipped) {
    blocks.push(`<h3>Sites skipped (${m.skipped.length})</h3>`, m.skipped.length === 0 ? '<p class="muted">none</p>' : htmlTable(['site', 'reason'], m.skipped.map((s) => [escapeHtml(s.site), escapeHtml(s.reason)])));
  }
  if (m.stageSeconds) {
    const rows = Object.entries(m.stageSeconds).map(([stage, s]) => [escapeHtml(stage), s.toFixed(2)]);
    blocks.push('<h3>Time per stage (s)</h3>', htmlTable(['stage', 'seconds'], rows));
  }
  if (m.failures) {
    blocks.push(
      `<h3>Failures (${m.failures.length})</h3>`,
      m.failures.length === 0 ? '<p class="muted">none</p>' : htmlTable(['unit', 'message'], m.failures.map((f) => [`<code>${escapeHtml(f.unit)}</code>`, `<pre>${escapeHtml(f.message)}</pre>`])),
    );
  }
  return { id: 'run', title: 'Run', html: blocks.join('\n') };
}

function configSection(config: unknown): Section {
  const body = config === null ? '<p class="muted">This run has no config.json.</p>' : `<details><summary>Resolved config (config.json)</summary>${json(config)}</details>`;
  return { id: 'config', title: 'Configuration', html: body };
}

function toc(sections: readonly Section[]): string {
  const item = (s: { id: string; title: string; children?: Section['children'] }): string =>
    `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>${s.children && s.children.length > 0 ? `<ol>${s.children.map(item).join('')}</ol>` : ''}</li>`;
  return `<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>${sections.map(item).join('')}</ol></nav>`;
}

/** Opens every collapsible block before printing (the page works without it). */
const PRINT_SCRIPT = "window.addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.open=true;});});";

/**
 * The report page of a run with its experiment's sections; `outFile` is where it will be written
 * (links to the run's CSV files are relative to it), `generatedAt` the time stamp shown.
 */
export function renderReport(data: RunData, outFile: string, experiment: ExperimentReport, generatedAt: Date = new Date()): RenderedReport {
  const warnings: string[] = [];
  const m = data.manifest;
  const figures = figuresSection(data, dirname(outFile), warnings);
  const sections = [
    ...experiment.headline.map((section) => section(data)),
    findingsSection(data.metrics ? tableFindings(data.metrics) : [], data.figures),
    ...experiment.results.map((section) => section(data)),
    unseenSection(data),
    figures.section,
    runSection(m),
    configSection(data.config),
  ].filter((s): s is Section => s !== null);
  const title = `fluxscale report — ${m.experiment}${m.profile ? `, profile ${m.profile}` : ''}`;
  const sites = m.sites ? `${m.sites.length} site${m.sites.length === 1 ? '' : 's'}` : 'sites unknown';
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="subtitle">${escapeHtml(sites)}, seed ${escapeHtml(String(m.seed ?? '?'))}, backend ${escapeHtml(m.backend ?? '?')} · run <code>${escapeHtml(data.runDir)}</code> · report generated ${escapeHtml(generatedAt.toISOString())}</p>
<p class="note">Reproducing Zhou et al. 2025, “Scale knowledge guided deep learning for simulating ecosystem carbon fluxes”, Chin Sci Bull 70: 2791–2804 (doi:10.1360/TB-2024-0639). The paper’s numbers come from 94 FLUXNET2015 sites with drivers WS_F, P_F, TA_F, NETRAD, VPD_F; this run’s sites and drivers are listed under Run.</p>
</header>
${toc(sections)}
${sections.map((s) => `<section id="${s.id}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`).join('\n')}
<footer>Generated by <code>fluxscale report</code>. Site data: FLUXNET2015 (CC-BY-4.0); see SOURCES.md in the data directory for attribution.</footer>
</main>
<script>${PRINT_SCRIPT}</script>
</body>
</html>
`;
  return { html, warnings, panels: figures.panels };
}
