export * from './metrics/index.js';
export * from './wavelets/index.js';
export * from './explain/index.js';
export * from './figures/index.js';
