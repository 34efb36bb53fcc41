/**
 * What a figure leaves in a run directory: RUN_DIR/figures/<id>/ holds its SVG panels, the CSV
 * numbers behind them and `figure.json` (a {@link FigureRecord}), which the HTML report reads.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '@fluxscale/util';

/** The figures fluxscale draws (Fig. 3, Figs. 4–5, Figs. S3–S4, Fig. 6, Fig. 7 of the paper, and the verdict's forest plots). */
export const FIGURE_IDS = ['fig3', 'fig5', 'wavelet', 'fig6', 'fig7', 'verdict'] as const;
export type FigureId = (typeof FIGURE_IDS)[number];

/** One of the paper's qualitative findings, checked against a run's results. */
export interface Finding {
  /** Stable key, e.g. 'fig3-iav-r2'. */
  readonly id: string;
  /** The paper's finding in one sentence, e.g. 'Guidance raises the IAV R² of the LSTM'. */
  readonly claim: string;
  /** The paper's evidence, with numbers. */
  readonly paper: string;
  /** What this run shows, with numbers (e.g. 'higher in 3 of 5 groups, mean ΔR² +0.04'). */
  readonly observed: string;
  /** true: reproduced; false: not reproduced; null: this run cannot tell (e.g. missing driver). */
  readonly reproduced: boolean | null;
}

/** One SVG panel of a figure. */
export interface FigurePanel {
  /** SVG file name inside the figure's folder. */
  readonly file: string;
  readonly title: string;
  readonly caption?: string;
}

/** RUN_DIR/figures/<id>/figure.json. */
export interface FigureRecord {
  readonly id: FigureId;
  /** e.g. 'Fig. 3 — guided minus unguided LSTM scores per ecosystem group'. */
  readonly title: string;
  /** What is shown, how it was computed, units. */
  readonly caption: string;
  readonly panels: readonly FigurePanel[];
  /** CSV file names inside the figure's folder (the numbers behind the panels). */
  readonly data: readonly string[];
  readonly findings: readonly Finding[];
  /** Settings that shaped the figure (site, samples, seed, …). */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
}

/** The folder of a figure in a run directory. */
export function figureDir(runDir: string, id: FigureId): string {
  return join(runDir, 'figures', id);
}

/** Writes a figure's record (its SVG and CSV files must already be in its folder). */
export function writeFigureRecord(runDir: string, record: FigureRecord): void {
  writeJsonAtomic(join(figureDir(runDir, record.id), 'figure.json'), record);
}

/** The figure records of a run directory, in {@link FIGURE_IDS} order (figures not drawn are absent). */
export function readFigureRecords(runDir: string): FigureRecord[] {
  const root = join(runDir, 'figures');
  if (!existsSync(root)) return [];
  const present = new Set(readdirSync(root));
  return FIGURE_IDS.filter((id) => present.has(id) && existsSync(join(root, id, 'figure.json'))).map(
    (id) => JSON.parse(readFileSync(join(root, id, 'figure.json'), 'utf8')) as FigureRecord,
  );
}
