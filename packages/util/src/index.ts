export { createRng, mulberry32, normalDeviates, shuffleInPlace, type Rng } from './random.js';
export { TEMP_MARKER, tempName, writeDirAtomic, writeFileAtomic, writeJsonAtomic } from './atomic.js';
