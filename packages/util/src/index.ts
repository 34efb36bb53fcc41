export { createRng, mulberry32, normalDeviates, shuffleInPlace, type Rng } from './random.js';
export { FileWriteError, TEMP_MARKER, tempName, tempOwner, writeDirAtomic, writeFileAtomic, writeJsonAtomic } from './atomic.js';
export { describeFileError, FileReadError, parseJsonText, readFileBytes, readJsonFile, readTextFile, type ReadFailure } from './files.js';
export { mean, momentCorrelation, pairMoments, pearsonR, populationVariance, type PairMoments } from './moments.js';
export { csvField, csvText } from './csv.js';
export { isRegistryName } from './names.js';
