/**
 * The report's section of a drivers run: three drivers against the paper's five on the same sites and
 * seeds, both questions in plain words, and the scores that could not be paired.
 */
import type { DriversFile, DriversSummary } from '../pipeline/drivers.js';
import { cellLabel, plainDrivers } from '../pipeline/drivers-markdown.js';
import { escapeHtml } from './html.js';

/** A report section: anchor id, title and HTML body. */
export interface DriversSection {
  readonly id: string;
  readonly title: string;
  readonly html: string;
}

/** One answer as a list item, its verdict word first (styled like the verdict's). */
function answer(file: DriversFile, cell: Pick<DriversSummary, 'question' | 'model' | 'band' | 'mode'>): string {
  const text = plainDrivers(file, cell);
  const verdict = text.split(':')[0];
  return `<li><span class="verdict-word ${escapeHtml(verdict.replace(/ /g, '-'))}">${escapeHtml(verdict)}</span> — ${escapeHtml(cellLabel(cell))}${escapeHtml(text.slice(verdict.length))}</li>`;
}

/** "Three drivers or the paper's five?" for a run with drivers.json, else null. */
export function driversSection(file: DriversFile | null): DriversSection | null {
  if (!file) return null;
  const bands = ['seasonal', 'iav'] as const;
  const drivers = [{ question: 'drivers', model: 'raw', band: 'raw', mode: null } as const, ...bands.flatMap((band) => file.modes.flatMap((mode) => (['guided', 'unguided'] as const).map((model) => ({ question: 'drivers', model, band, mode }) as const)))];
  const guidance = bands.flatMap((band) => file.modes.map((mode) => ({ question: 'guidance', model: 'guided − unguided', band, mode }) as const));
  const unpaired =
    file.unpaired.length === 0
      ? '<p>Every score of one driver set has its partner (same model, band, SSA mode, site, seed and test days) in the other.</p>'
      : `<p><b>${file.unpaired.length} score(s) without a partner</b>, left out of every summary:</p><ul>${file.unpaired.map((u) => `<li>${escapeHtml(`${cellLabel(u)}, ${u.site}, seed ${u.replicate}: ${u.reason}`)}</li>`).join('')}</ul>`;
  const html = [
    `<p>The LSTM with ${escapeHtml(file.drivers.three.join(', '))} (the 110-site set’s drivers) against the paper’s ${escapeHtml(file.drivers.five.join(', '))}, on the same ${file.sites} sites, test days and ${file.seeds} seed replicates, scored like the verdict (${file.evaluation.scheme === 'rolling-origin' ? `rolling-origin, ${file.evaluation.folds} test blocks` : 'chronological split'}). Δ = with five − with three, mean over sites with the 95 % site-bootstrap interval (${file.bootstrap.resamples} resamples; seeds averaged within a site); the numbers in brackets after it are the mean scores with three → five.</p>`,
    `<h3>Do WS_F, P_F and NETRAD improve the bands?</h3><ul class="verdicts">${drivers.map((c) => answer(file, c)).join('')}</ul>`,
    `<h3>Does guidance help more once they are there?</h3><p>Δ = (guided − unguided with five) − (guided − unguided with three).</p><ul class="verdicts">${guidance.map((c) => answer(file, c)).join('')}</ul>`,
    unpaired,
    '<p>Per group and every metric: <a href="drivers.md">drivers.md</a>; every per-site difference: <a href="drivers.json">drivers.json</a>.</p>',
  ].join('\n');
  return { id: 'drivers', title: "Three drivers or the paper's five?", html };
}
