export { ModelError, type ModelErrorCode } from './errors.js';
export { MODEL_FORMAT, MODEL_FORMAT_VERSION, type ModelHeader } from './model-header.js';
export type { Params, FitProgress, FitOptions, FitReport, Regressor, SearchSpace, ParamRange, ModelSpec } from './regressor.js';
export * from './backend/index.js';
export * from './baselines/index.js';
export * from './neural/index.js';
export * from './fused-lstm/index.js';
export * from './tuning/index.js';
export { modelSpec, modelKinds, loadModel } from './registry.js';
