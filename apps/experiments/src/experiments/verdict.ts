/**
 * The verdict: does scale guidance help? Band LSTMs against one raw-NEE LSTM whose prediction is
 * decomposed, per SSA mode and seed replicate, with LASSO and RF as controls and a no-skill baseline;
 * verdict.json, verdict.md, the forest plots and the report's headline.
 */
import { checkScheme, planVerdict } from '../pipeline/plan.js';
import { verdictWork } from '../pipeline/verdict-rows.js';
import { verdictSection } from '../report/page.js';
import type { Experiment } from './experiment.js';

/** The registry entry of `fluxscale experiment verdict`. */
export const verdict: Experiment = {
  name: 'verdict',
  help: 'does scale guidance help?',
  check: (config) => checkScheme(config, 'verdict.modes', config.verdict.modes),
  plan: planVerdict,
  score: verdictWork,
  tables: ['verdict'],
  results: ['verdict'],
  figures: ['verdict'],
  draws: ['verdict'],
  report: { headline: [verdictSection] },
};
