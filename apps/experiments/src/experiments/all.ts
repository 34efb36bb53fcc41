/** Every table and figure of the paper from one run: every model on every task, the cross-scale application, Tables 1, 2 and S1, Figs. 3–7 and S3–S4. */
import { TASKS } from '@fluxscale/decomposition';
import { paperTablesExperiment } from './paper-tables.js';

/** The registry entry of `fluxscale experiment all`. */
export const all = paperTablesExperiment({
  name: 'all',
  help: 'every table, every figure',
  tables: ['table1', 'table2', 's1'],
  grid: (config) => ({ tasks: [...TASKS], models: config.models, cross: true }),
  draws: ['fig3', 'fig5', 'wavelet', 'fig6', 'fig7'],
});
