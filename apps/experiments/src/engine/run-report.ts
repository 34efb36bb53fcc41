/** Writing a run's HTML report with the sections of its experiment's registry entry. */
import { loadPlugins } from '../config/plugins.js';
import { pluginsOf } from '../config/schema.js';
import { findExperiment } from '../experiments/registry.js';
import type { ExperimentReport } from '../report/page.js';
import type { RunData } from '../report/run-dir.js';
import { writeReport, type WrittenReport } from '../report/write.js';
import { findWithPlugins } from './run-dir.js';

/** No sections of an experiment's own: the report of a run whose experiment is not registered. */
const NO_SECTIONS: ExperimentReport = { headline: [], results: [] };

/** The report sections of a run's experiment: its registry entry's, once the plugins its config names are loaded where it is not registered; none for an unknown one. */
function sectionsOfRun(data: RunData): ExperimentReport {
  const find = () => findExperiment(data.manifest.experiment);
  return findWithPlugins(find, () => loadPlugins(pluginsOf(data.config)))?.report ?? NO_SECTIONS;
}

/**
 * Writes a run directory's HTML report with its experiment's sections to `outFile` (default
 * RUN_DIR/report.html), with the Table 1 of the run `chronologicalDir` beside a leave-site-out run's.
 */
export function writeRunReport(runDir: string, outFile?: string, chronologicalDir?: string): WrittenReport {
  return writeReport(runDir, sectionsOfRun, outFile, chronologicalDir);
}
