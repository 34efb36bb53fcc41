export { BACKEND_CHOICES, BACKEND_NAMES, backendCandidates, engineOf, wasmDirectory } from './candidates.js';
export type { BackendCandidate, BackendChoice, BackendName, LoadedBackend, Tf } from './candidates.js';
export { selectBackend, activeBackend } from './select.js';
export type { SelectedBackend, SelectBackendOptions } from './select.js';
export { adapterLabel, dawnRoute, isSoftwareAdapter, probeWebGpu } from './webgpu.js';
export type { DawnRoute, GpuAdapter, WebGpuProbe } from './webgpu.js';
