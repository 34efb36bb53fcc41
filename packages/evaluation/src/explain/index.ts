export { backgroundIndices } from './background.js';
export { factorialResponse, type Affine, type FactorialMode, type FactorialOptions, type FactorialResponse } from './factorial.js';
export {
  gradientShap,
  type AttributionSet,
  type CompletenessError,
  type GradientShapOptions,
  type GradientShapResult,
} from './gradient-shap.js';
export { gaussianKde2d, type GaussianKde2d } from './kde.js';
export { defaultDriverOf, driverShares, featureTotals, type DriverGroups, type DriverShare, type FeatureTotals } from './shares.js';
export type { ExplainedModel, WindowArray, WindowInput } from './windows.js';
