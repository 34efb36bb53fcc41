export { blockedFolds, complementOf } from './folds.js';
export { mse, randomSearch, sampleParams, type RandomSearchOptions, type ScoreFunction, type SearchResult, type Trial } from './search.js';
export { writeSearchResults } from './results.js';
