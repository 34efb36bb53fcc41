/**
 * The TensorFlow.js backends fluxscale can run on, fastest first, each with a loader that makes
 * it the active backend and returns the `tf` namespace to build models with.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TfCore from '@tensorflow/tfjs-core';
import type * as TfLayers from '@tensorflow/tfjs-layers';
import * as tfjs from '../tfjs.js';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { adapterLabel, loadWebGpu, type GpuAdapter } from './webgpu.js';

/** Loads the optional native packages only when asked, through Node's own `require`. */
const requireOptional = createRequire(__filename);

/** The TensorFlow.js namespace: the core and the layers API (ours, or tfjs-node's superset of it). */
export type Tf = typeof TfCore & typeof TfLayers;

/**
 * The backends, fastest first (the order `auto` tries them in): native TensorFlow with CUDA, WebGPU
 * on a hardware adapter, native TensorFlow (CPU), WebAssembly, pure JavaScript.
 */
export const BACKEND_NAMES = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;

/** Name of a backend, as `FLUXSCALE_BACKEND` / `--backend` accept it. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What `--backend` accepts: 'auto' (the first backend that loads) or a backend's name. */
export const BACKEND_CHOICES = ['auto', ...BACKEND_NAMES] as const;

/** 'auto' or a backend's name. */
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** A backend made active by its loader. */
export interface LoadedBackend {
  /** The `tf` namespace that uses it. */
  readonly tf: Tf;
  /** The GPU it runs on, where it is a WebGPU backend. */
  readonly adapter?: GpuAdapter;
  /** A caveat to log with the choice (e.g. a software adapter). */
  readonly warning?: string;
}

/** One backend to try: its name and a loader that activates it (rejects if it cannot). */
export interface BackendCandidate {
  readonly name: BackendName;
  /**
   * Activates the backend (again, if another was active since). `forced`: asked for by name, so it
   * may run where the automatic choice would pass it over (WebGPU on a software adapter).
   */
  load(request: { readonly forced: boolean }): Promise<LoadedBackend>;
}

/** The id tfjs-node registers its native backend under (GPU and CPU builds alike). */
const NATIVE_ENGINE = 'tensorflow';

/** The tfjs backend id (`tf.getBackend()`) a backend runs as: 'tensorflow' for both native builds. */
export function engineOf(name: BackendName): string {
  return name === 'tensorflow-gpu' ? NATIVE_ENGINE : name;
}

/**
 * Throws unless the package's native addon (lib/napi-v<N>/tfjs_binding.node) is on disk. Probing
 * first avoids half-loading tfjs-node: its kernels register before the addon fails to load.
 */
function assertNativeBinding(packageName: string): void {
  let root: string;
  try {
    root = path.dirname(require.resolve(`${packageName}/package.json`));
  } catch {
    throw new Error(`${packageName} is not installed`);
  }
  const lib = path.join(root, 'lib');
  const found = existsSync(lib) && readdirSync(lib).some((d) => existsSync(path.join(lib, d, 'tfjs_binding.node')));
  if (!found) throw new Error(`${packageName} has no native binding (its install could not download libtensorflow)`);
}

/** Removes what a failed tfjs-node load left registered, so that a later attempt starts clean. */
function forgetNativeKernels(tf: Tf): void {
  for (const kernel of tf.getKernelsForBackend(NATIVE_ENGINE)) tf.unregisterKernel(kernel.kernelName, NATIVE_ENGINE);
}

/**
 * Loads tfjs-node(-gpu) and returns the tf namespace it exports: it bundles its own dependency on
 * @tensorflow/tfjs, and the models must be built with the instance its backend is registered in.
 */
async function loadNative(packageName: string): Promise<LoadedBackend> {
  assertNativeBinding(packageName);
  try {
    const native = requireOptional(packageName) as Tf;
    if (!(await native.setBackend(NATIVE_ENGINE))) throw new Error(`${packageName} loaded but its backend did not initialise`);
    return { tf: native };
  } catch (error) {
    forgetNativeKernels(tfjs);
    throw error;
  }
}

/** Directory holding tfjs-backend-wasm's .wasm files (plain, SIMD, threaded SIMD). */
export function wasmDirectory(): string {
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
}

/**
 * Activates tfjs-backend-wasm, reading its .wasm files from the package's dist directory (no
 * network). In Node it runs single-threaded with SIMD: tfjs disables its threaded build under Node
 * (the pthread workers are started from blob: URLs, which worker_threads refuses).
 */
async function loadWasm(): Promise<LoadedBackend> {
  setWasmPaths(`${wasmDirectory()}${path.sep}`);
  if (!(await tfjs.setBackend('wasm'))) throw new Error('the WebAssembly backend did not initialise');
  return { tf: tfjs };
}

async function loadCpu(): Promise<LoadedBackend> {
  if (!(await tfjs.setBackend('cpu'))) throw new Error('the CPU backend did not initialise');
  return { tf: tfjs };
}

/**
 * Activates tfjs-backend-webgpu through Dawn (see webgpu.ts). The automatic choice takes hardware
 * adapters only; asked for by name it also runs on a software one, with a warning.
 */
async function loadWebGpuBackend(request: { readonly forced: boolean }): Promise<LoadedBackend> {
  const adapter = await loadWebGpu({ allowSoftware: request.forced });
  const warning = adapter.software
    ? `WebGPU adapter ${adapterLabel(adapter)} is a software (CPU) implementation: results are right, speed is not a GPU's`
    : undefined;
  return { tf: tfjs, adapter, ...(warning === undefined ? {} : { warning }) };
}

/**
 * The backends in order of preference (BACKEND_NAMES): native TensorFlow with CUDA, WebGPU (Dawn)
 * on a hardware adapter, native TensorFlow (CPU), WebAssembly (XNNPACK, SIMD where the runtime has
 * it), then the pure-JavaScript CPU backend.
 */
export const backendCandidates: readonly BackendCandidate[] = [
  { name: 'tensorflow-gpu', load: () => loadNative('@tensorflow/tfjs-node-gpu') },
  { name: 'webgpu', load: loadWebGpuBackend },
  { name: 'tensorflow', load: () => loadNative('@tensorflow/tfjs-node') },
  { name: 'wasm', load: loadWasm },
  { name: 'cpu', load: loadCpu },
];
