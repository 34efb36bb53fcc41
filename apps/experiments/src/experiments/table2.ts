/** Table 2: the LSTMs of the seasonal and IAV bands, each applied to the other band; its run holds the inputs of Figs. 4–5, S3–S4 and 7. */
import { GUIDED_BANDS } from '@fluxscale/decomposition';
import { paperTablesExperiment } from './paper-tables.js';

/** The registry entry of `fluxscale experiment table2`. */
export const table2 = paperTablesExperiment({
  name: 'table2',
  help: 'Table 2: each band LSTM on its own band and on the other',
  tables: ['table2'],
  grid: () => ({ tasks: [...GUIDED_BANDS], models: ['lstm'], cross: true }),
  figures: ['fig5', 'wavelet', 'fig7'],
});
