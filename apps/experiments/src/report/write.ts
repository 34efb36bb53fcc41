/** Writes a run directory's HTML report (RUN_DIR/report.html by default), atomically. */
import { resolve, join } from 'node:path';
import { writeFileAtomic } from '@fluxscale/util';
import { renderReport, type ExperimentReport } from './page.js';
import { readRunDir, type RunData } from './run-dir.js';

/** What {@link writeReport} wrote. */
export interface WrittenReport {
  /** Absolute path of the page. */
  readonly file: string;
  /** Figures and inline SVG panels in it. */
  readonly figures: number;
  readonly panels: number;
  /** Problems that did not stop the report (e.g. a panel file missing). */
  readonly warnings: readonly string[];
}

/**
 * Reads `runDir` and writes its report to `outFile` (default RUN_DIR/report.html) with the sections
 * `sectionsOf` gives for the run (its experiment's), and the Table 1 of the run `chronologicalDir`
 * beside a leave-site-out run's; throws ReportInputError on bad input.
 */
export function writeReport(runDir: string, sectionsOf: (data: RunData) => ExperimentReport, outFile?: string, chronologicalDir?: string): WrittenReport {
  const dir = resolve(runDir);
  const file = resolve(outFile ?? join(dir, 'report.html'));
  const data = readRunDir(dir, chronologicalDir && resolve(chronologicalDir));
  const { html, warnings, panels } = renderReport(data, file, sectionsOf(data));
  writeFileAtomic(file, html);
  return { file, figures: data.figures.length, panels, warnings };
}
