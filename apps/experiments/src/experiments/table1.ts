/** Table 1: every model of the config on its tasks (raw NEE and the guided bands), beside the paper's; its run holds the inputs of Figs. 3 and 6. */
import { tasksWith } from '../pipeline/plan.js';
import { paperTablesExperiment } from './paper-tables.js';

/** The registry entry of `fluxscale experiment table1`. */
export const table1 = paperTablesExperiment({
  name: 'table1',
  help: 'Table 1: every model on raw NEE and the guided bands',
  tables: ['table1'],
  grid: (config) => ({ tasks: tasksWith(config, []), models: config.models, cross: false }),
  figures: ['fig3', 'fig6'],
});
