export { STATIC_FEATURES, SUMMARY_SPANS, summariseWindows, summaryNames, summarySpans, type WindowSummary } from './summary.js';
export { fitStandardiser, standardise, type Standardiser } from './features.js';
export { LASSO_DEFAULTS, LassoRegressor, lassoPath, lassoSpec, type LassoSolution } from './lasso.js';
export { SVR_DEFAULTS, SvrRegressor, svrSpec } from './svr.js';
export { RF_DEFAULTS, RandomForestRegressor, rfSpec } from './rf/regressor.js';
export { THREADS_ENV, resolveThreads } from './rf/pool.js';
export { SummaryRegressor, type SummaryFitting, type TrainedSignature } from './summary-regressor.js';
