/**
 * Three drivers or the paper's five? The verdict's LSTM units once per driver set on the same sites,
 * seeds and test blocks; drivers.json, drivers.md and the report's headline.
 */
import { checkScheme, planDrivers } from '../pipeline/plan.js';
import { driversWork } from '../pipeline/drivers-rows.js';
import { driversSection } from '../report/drivers.js';
import type { Experiment } from './experiment.js';

/** The registry entry of `fluxscale experiment drivers`: by default on the sites with the paper's five drivers. */
export const drivers: Experiment = {
  name: 'drivers',
  help: "three drivers against the paper's five",
  defaultProfile: 'paper-drivers',
  check: (config) => checkScheme(config, 'verdict.modes', config.verdict.modes),
  plan: planDrivers,
  score: driversWork,
  tables: ['drivers'],
  results: ['drivers'],
  report: { headline: [(data) => driversSection(data.drivers)] },
};
