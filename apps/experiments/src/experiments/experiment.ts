/**
 * What an experiment is: one registry entry that says everything the commands, the engine, `show`
 * and the report need to know about it — its name and help line, its default profile, the settings
 * it refuses, its units, its score unit's work, the tables and results it writes, its figures and
 * its report sections. Nothing outside an entry asks for an experiment by name.
 */
import type { RunConfig } from '../config/schema.js';
import type { FigureId } from '../figures/index.js';
import { chainWarmStarts } from '../pipeline/warm-start.js';
import { scoreUnit, type PlannedSite, type Unit } from '../pipeline/plan.js';
import type { ScoreWork } from '../pipeline/units.js';
import type { ExperimentReport } from '../report/page.js';

/** One experiment, as its module writes it; the optional facts default to none. */
export interface Experiment {
  /** What `fluxscale experiment NAME` takes and the run's manifest records: lower case letters, digits and dashes. */
  readonly name: string;
  /** One line of help: what the experiment computes or answers. */
  readonly help: string;
  /** The profile a new run takes when the request names none (else quick). */
  readonly defaultProfile?: string;
  /** Refuses settings the experiment cannot honour, throwing an error that names the config key; runs before the plan. */
  readonly check?: (config: RunConfig) => void;
  /** Its units over the usable sites, each after the units it needs (see planUnits for the score unit added over them). */
  readonly plan: (config: RunConfig, sites: readonly PlannedSite[]) => Unit[];
  /** The work of its score unit: reads the finished units and writes the results. */
  readonly score: ScoreWork;
  /** The tables it writes at the top of the run directory (`NAME.md`), in the order `show` prints them. */
  readonly tables?: readonly string[];
  /** The JSON results at the top of the run directory (`NAME.json`) that `show --format json` includes. */
  readonly results?: readonly string[];
  /** The figures whose inputs its run holds: `fluxscale experiment FIGURE` runs this experiment, then draws the figure. */
  readonly figures?: readonly FigureId[];
  /** The figures drawn into its run once every unit is done. */
  readonly draws?: readonly FigureId[];
  /** Its sections of the run's HTML report. */
  readonly report?: Partial<ExperimentReport>;
}

/** An experiment as the registry holds it: every optional fact filled in (none where its module says nothing). */
export type RegisteredExperiment = Required<Omit<Experiment, 'defaultProfile' | 'report'>> & Pick<Experiment, 'defaultProfile'> & { readonly report: ExperimentReport };

/**
 * The units of a run of `experiment` over the planned sites: its checks, its units, one score unit
 * over them all (path `score/NAME`, its content id over the experiment's name and every unit's id),
 * then the warm-start chain of rolling-origin fits where the config asks for one.
 */
export function planUnits(experiment: Pick<Experiment, 'name' | 'check' | 'plan'>, config: RunConfig, sites: readonly PlannedSite[]): Unit[] {
  experiment.check?.(config);
  const units = experiment.plan(config, sites);
  return chainWarmStarts(config, [...units, scoreUnit(experiment.name, units)]);
}
