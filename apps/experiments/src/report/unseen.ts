/**
 * The report's "Unseen sites" section of a leave-site-out run: its Table 1 beside a chronological
 * run's (when one is given), and per-site skill (NSE of raw NEE over the site's whole record)
 * against the site's distance in standardised climate space to its fold's training sites, drawn
 * as an inline SVG scatter, one colour per model.
 */
import type { UnseenSitesFile } from '../pipeline/unseen-sites.js';
import { escapeHtml, htmlTable } from './html.js';
import { table1Html } from './html-tables.js';
import type { RunMetrics } from './run-dir.js';

const WIDTH = 560;
const HEIGHT = 340;
const MARGIN = { left: 56, right: 130, top: 16, bottom: 44 };
/** NSE below this is drawn on the bottom edge (a site whose prediction is far worse than its mean). */
const NSE_FLOOR = -1;
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

const fmt = (v: number): string => (Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(1));

/** Evenly spaced axis ticks over [lo, hi], about `count` of them. */
function ticks(lo: number, hi: number, count: number): number[] {
  const step = (hi - lo) / count;
  return Array.from({ length: count + 1 }, (_, k) => lo + k * step);
}

/** The scatter of per-site NSE (raw NEE) against climate distance, one series per model, as an SVG element. */
export function skillDistanceSvg(file: UnseenSitesFile): string {
  const models = [...new Set(file.sites.flatMap((s) => Object.keys(s.skill)))];
  const xMax = Math.max(1e-9, ...file.sites.map((s) => s.distance)) * 1.05;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (d: number) => MARGIN.left + (d / xMax) * plotW;
  const y = (nse: number) => MARGIN.top + ((1 - Math.max(NSE_FLOOR, Math.min(1, nse))) / (1 - NSE_FLOOR)) * plotH;
  const parts: string[] = [`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`];
  for (const t of ticks(0, xMax, 5)) {
    parts.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 4}" stroke="#888"/><text x="${x(t)}" y="${MARGIN.top + plotH + 16}" text-anchor="middle" font-size="11">${fmt(t)}</text>`);
  }
  for (const t of ticks(NSE_FLOOR, 1, 4)) {
    parts.push(`<line x1="${MARGIN.left - 4}" x2="${MARGIN.left}" y1="${y(t)}" y2="${y(t)}" stroke="#888"/><text x="${MARGIN.left - 6}" y="${y(t) + 4}" text-anchor="end" font-size="11">${fmt(t)}</text>`);
  }
  parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y(0)}" y2="${y(0)}" stroke="#bbb" stroke-dasharray="4 3"/>`);
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 6}" text-anchor="middle" font-size="12">distance to the nearest training site of the fold (standardised mean ${escapeHtml(file.variables.join(', '))})</text>`);
  parts.push(`<text transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="12">NSE of raw NEE, whole record</text>`);
  models.forEach((model, k) => {
    const colour = COLOURS[k % COLOURS.length];
    for (const s of file.sites) {
      const skill = s.skill[model];
      if (!skill || !Number.isFinite(skill.nse)) continue;
      parts.push(`<circle cx="${x(s.distance).toFixed(1)}" cy="${y(skill.nse).toFixed(1)}" r="3.5" fill="${colour}" fill-opacity="0.75"><title>${escapeHtml(`${s.site} (${s.group}, fold ${s.fold}) ${model.toUpperCase()}: NSE ${skill.nse.toFixed(3)}, distance ${s.distance.toFixed(2)}`)}</title></circle>`);
    }
    const ly = MARGIN.top + 12 + k * 18;
    parts.push(`<circle cx="${WIDTH - MARGIN.right + 16}" cy="${ly - 4}" r="4" fill="${colour}"/><text x="${WIDTH - MARGIN.right + 26}" y="${ly}" font-size="12">${escapeHtml(model.toUpperCase())}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="per-site skill against climate distance to the training sites">${parts.join('')}</svg>`;
}

/** The "Unseen sites" section's HTML: the tables, the scatter and the per-site numbers; '' for a run that held no site out. */
export function unseenSitesHtml(metrics: RunMetrics | null, unseen: UnseenSitesFile | null, chronological: RunMetrics | null): string {
  if (!unseen) return '';
  const blocks: string[] = [
    `<p>Every site below was predicted over its whole record by models that never saw it (leave-site-out: ${unseen.sites.length} sites held out fold by fold). Distance: Euclidean, in the run’s sites’ standard deviations of each site’s mean ${escapeHtml(unseen.variables.join(', '))}, to the nearest site its fold’s models trained on. NSE below ${NSE_FLOOR} is drawn at ${NSE_FLOOR}.</p>`,
  ];
  if (metrics) blocks.push('<h3>Table 1 under leave-site-out (unseen sites)</h3>', table1Html(metrics));
  if (chronological) blocks.push('<h3>Table 1 under the chronological split (the same sites’ later years)</h3>', table1Html(chronological));
  blocks.push(`<figure class="panel">${skillDistanceSvg(unseen)}<figcaption><strong>Per-site skill against climate distance to the fold’s training sites.</strong> One point per site and model.</figcaption></figure>`);
  const models = [...new Set(unseen.sites.flatMap((s) => Object.keys(s.skill)))];
  const rows = unseen.sites.map((s) => [s.site, s.group, String(s.fold), s.distance.toFixed(2), ...models.map((m) => (s.skill[m] ? s.skill[m].nse.toFixed(3) : '—'))]);
  blocks.push(`<details><summary>Per-site numbers</summary>${htmlTable(['site', 'group', 'fold', 'distance', ...models.map((m) => `${m.toUpperCase()} NSE`)], rows)}</details>`);
  return blocks.join('\n');
}
