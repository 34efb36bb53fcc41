/** Table S1: every model's guided band predictions summed (with and without the trend band) and scored on raw NEE. */
import { tasksWith } from '../pipeline/plan.js';
import { paperTablesExperiment } from './paper-tables.js';

/** The registry entry of `fluxscale experiment s1`. */
export const s1 = paperTablesExperiment({
  name: 's1',
  help: 'Table S1: the guided bands summed and scored on raw NEE',
  tables: ['s1'],
  grid: (config) => ({ tasks: tasksWith(config, ['trend']), models: config.models, cross: false }),
});
