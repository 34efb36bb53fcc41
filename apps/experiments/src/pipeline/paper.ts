/**
 * The paper's published numbers (Zhou et al. 2025, Tables 1 and 2), test set pooled over 94 sites,
 * gC m⁻² d⁻¹: Table 1 (model × task) and Table 2 (cross-scale).
 */
import type { GuidedBand } from '@fluxscale/decomposition';

/** The four scores the paper reports, in its column order. */
export interface Scores {
  rmse: number;
  r2: number;
  lcs: number;
  mae: number;
}

const s = (rmse: number, r2: number, lcs: number, mae: number): Scores => ({ rmse, r2, lcs, mae });

/** Table 1: per model, the unguided model on raw NEE and the guided models on the seasonal and IAV bands. */
/** The models of the paper's comparison, in its table order. */
export type PaperModel = 'lstm' | 'lasso' | 'svr' | 'rf' | 'fnn';

export const PAPER_TABLE1: Record<PaperModel, { raw: Scores; seasonal: Scores; iav: Scores }> = {
  lstm: { raw: s(1.563, 0.634, 2.152, 1.005), seasonal: s(1.11, 0.706, 1.106, 0.728), iav: s(0.336, 0.181, 0.092, 0.222) },
  lasso: { raw: s(2.097, 0.342, 3.213, 1.459), seasonal: s(1.562, 0.419, 1.912, 1.082), iav: s(0.37, 0.016, 0.075, 0.235) },
  svr: { raw: s(1.682, 0.577, 2.506, 1.068), seasonal: s(1.235, 0.637, 1.398, 0.785), iav: s(0.375, 0.035, 0.103, 0.246) },
  rf: { raw: s(1.66, 0.588, 2.489, 1.022), seasonal: s(1.2, 0.657, 1.316, 0.741), iav: s(0.416, 0.01, 0.156, 0.263) },
  fnn: { raw: s(1.63, 0.604, 2.384, 1.028), seasonal: s(1.203, 0.656, 1.345, 0.753), iav: s(0.381, 0.042, 0.119, 0.245) },
};

/** Table 2: rows = target band, columns = the LSTM trained on that band. */
export const PAPER_TABLE2: Record<GuidedBand, { seasonalLstm: Scores; iavLstm: Scores }> = {
  seasonal: { seasonalLstm: s(1.11, 0.706, 1.106, 0.728), iavLstm: s(2.103, 0.0, 1.993, 1.521) },
  iav: { seasonalLstm: s(0.429, 0.0, 0.164, 0.276), iavLstm: s(0.336, 0.181, 0.092, 0.222) },
};

/** The paper's Table 1 scores of `model` on a task, or undefined for a model the paper did not run. */
export function paperTable1(model: string, task: 'raw' | GuidedBand): Scores | undefined {
  return Object.hasOwn(PAPER_TABLE1, model) ? PAPER_TABLE1[model as PaperModel][task] : undefined;
}
