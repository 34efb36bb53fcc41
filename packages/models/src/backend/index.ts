export { BACKEND_NAMES, backendCandidates, engineOf, wasmDirectory } from './candidates.js';
export type { BackendCandidate, BackendName, Tf } from './candidates.js';
export { selectBackend, activeBackend } from './select.js';
export type { SelectedBackend, SelectBackendOptions } from './select.js';
