// The public face of @fluxscale/models. Kernels, IO handlers and other internals stay inside.

// One interface and one registry for every model.
export type { FitOptions, FitProgress, FitReport, ModelEngine, ModelSpec, ParamRange, Params, Regressor, SearchSpace } from './regressor.js';
export type { ParamDefinition, ParamSchema } from './params.js';
export { loadModel, modelKinds, modelSpec, registerModel } from './registry.js';
export { ModelError, type ModelErrorCode } from './errors.js';
export { checkModel, ModelCheckError, type CheckModelOptions, type ModelCheck } from './conformance.js';
export { MODEL_FORMAT, MODEL_FORMAT_VERSION, modelKindOf, type ModelHeader } from './model-header.js';

// The models.
export { FnnRegressor, LstmRegressor } from './neural/index.js';
export { LassoRegressor, RandomForestRegressor, SvrRegressor, summariseWindows, summaryNames, type SummaryFitting, type TrainedSignature, type WindowSummary } from './baselines/index.js';

// Hyper-parameter search with blocked cross-validation.
export * from './tuning/index.js';

// TensorFlow.js backends.
export {
  BACKEND_CHOICES,
  BACKEND_NAMES,
  activeBackend,
  probeWebGpu,
  selectBackend,
  type BackendCandidate,
  type BackendChoice,
  type BackendName,
  type DawnRoute,
  type GpuAdapter,
  type LoadedBackend,
  type SelectBackendOptions,
  type SelectedBackend,
  type Tf,
  type WebGpuProbe,
} from './backend/index.js';

// The fused LSTM: the layer fluxscale builds, the whole-sequence operation and its kernel's settings.
export { createLstmLayer, type LstmLayerOptions } from './neural/index.js';
export { FusedLstmError, fusedLstm, fusedLstmInfo, setFusedLstmThreads, type FusedLstmInfo, type FusedLstmOptions, type RecurrentActivation } from './fused-lstm/index.js';

// The worked example of adding a model (see template.ts): register it with registerModel(ridgeSpec).
export { RidgeRegressor, ridgeSpec } from './template.js';
