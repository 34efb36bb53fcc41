// The public face of @fluxscale/cli for experiment plugins and notebooks: the experiment registry and
// the building blocks a plugin's experiment plans and scores with. The command itself is dist/cli.js.

// One entry per experiment, and the registry of them.
export type { Experiment, RegisteredExperiment } from './experiments/experiment.js';
export { experiment, experimentNames, registerExperiment } from './experiments/registry.js';

// What an experiment plans and what its score unit reads.
export { planPrepare, type PlannedSite, type Unit, type UnitKind } from './pipeline/plan.js';
export type { RunContext } from './pipeline/context.js';
export type { PreparedBands } from './pipeline/prepared.js';
export type { ScoreWork } from './pipeline/units.js';
export type { RunConfig } from './config/schema.js';
