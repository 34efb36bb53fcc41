export { blockedFolds, complementOf } from './folds.js';
export {
  bestTrial,
  evaluateFold,
  mse,
  randomSearch,
  sampleParams,
  trialOf,
  trialParams,
  type FoldOptions,
  type FoldScore,
  type RandomSearchOptions,
  type ScoreFunction,
  type SearchPlan,
  type SearchResult,
  type Trial,
} from './search.js';
export { writeSearchResults } from './results.js';
