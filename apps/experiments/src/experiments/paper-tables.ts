/**
 * What the experiments of the paper's tables (table1, table2, s1, all) share: the search-and-fit grid
 * of planTables over the run's SSA mode, the score unit that writes metrics.json and their tables, and
 * the Tables section of the report. Each differs only in its tasks, models, cross-scale application,
 * tables and figures.
 */
import type { RunConfig } from '../config/schema.js';
import type { FigureId } from '../figures/index.js';
import { checkScheme, planTables, type TablesGrid } from '../pipeline/plan.js';
import { scoreWork, type PaperTable } from '../pipeline/score.js';
import { tablesSection } from '../report/page.js';
import type { Experiment } from './experiment.js';

/** What sets one of the paper's table experiments apart. */
export interface PaperTablesSpec {
  readonly name: string;
  readonly help: string;
  /** The paper's tables its score unit writes, in order. */
  readonly tables: readonly PaperTable[];
  /** The tasks and models it fits, and whether it applies the band LSTMs across scales. */
  readonly grid: (config: RunConfig) => TablesGrid;
  /** See {@link Experiment.figures}. */
  readonly figures?: readonly FigureId[];
  /** See {@link Experiment.draws}. */
  readonly draws?: readonly FigureId[];
}

/** The registry entry of one of the paper's table experiments. */
export function paperTablesExperiment(spec: PaperTablesSpec): Experiment {
  return {
    name: spec.name,
    help: spec.help,
    check: (config) => checkScheme(config, 'ssa.mode', [config.ssa.mode]),
    plan: (config, sites) => planTables(config, sites, spec.grid(config)),
    score: (ctx, out, unit) => scoreWork(ctx, spec.tables, out, unit),
    tables: spec.tables,
    results: ['metrics'],
    figures: spec.figures ?? [],
    draws: spec.draws ?? [],
    report: { results: [tablesSection] },
  };
}
