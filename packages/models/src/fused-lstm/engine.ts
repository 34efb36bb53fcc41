import { availableParallelism } from 'node:os';
import { ReferenceLstmKernel } from './reference.js';
import { FusedLstmError, type LstmKernel } from './types.js';
import { webAssemblyApi } from './wasm-api.js';
import { WasmLstmKernel } from './wasm-kernel.js';

// Smallest module using a v128 instruction (f32x4.splat of a constant) and a shared memory: validates only on
// runtimes with WebAssembly SIMD and threads, which the kernel needs.
const SIMD_THREADS_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type: () -> v128
  0x02, 0x09, 0x01, 0x01, 0x65, 0x01, 0x6d, 0x02, 0x03, 0x01, 0x01, // import "e" "m": shared memory 1..1
  0x03, 0x02, 0x01, 0x00, // function 0 of type 0
  0x0a, 0x0b, 0x01, 0x09, 0x00, 0x43, 0x00, 0x00, 0x80, 0x3f, 0xfd, 0x13, 0x0b, // f32.const 1; f32x4.splat
]);

/** Whether this runtime supports WebAssembly SIMD with shared memory (the fused kernel's requirements). */
export function hasWasmSimd(): boolean {
  try {
    return webAssemblyApi()?.validate(SIMD_THREADS_PROBE) === true;
  } catch {
    return false;
  }
}

/** Thread count from FLUXSCALE_THREADS when set (a positive integer), else the machine's available parallelism. */
export function defaultThreadCount(): number {
  const fromEnv = process.env.FLUXSCALE_THREADS;
  if (fromEnv !== undefined && fromEnv !== '') {
    const n = Number(fromEnv);
    if (!Number.isInteger(n) || n < 1) throw new FusedLstmError(`FLUXSCALE_THREADS must be a positive integer, got '${fromEnv}'`);
    return n;
  }
  return availableParallelism();
}

let requestedThreads: number | undefined;
let choice: FusedLstmKernelChoice = 'auto';
let kernel: LstmKernel | undefined;
let wasmFailure: string | undefined;

/**
 * Sets the number of threads the fused LSTM splits a batch over (undefined: back to FLUXSCALE_THREADS or the
 * machine's parallelism). Takes effect on the next call; stops the current worker pool.
 */
export function setFusedLstmThreads(threads: number | undefined): void {
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
    throw new FusedLstmError(`threads must be a positive integer, got ${threads}`);
  }
  requestedThreads = threads;
  shutdownFusedLstm();
}

/** Which kernel fused LSTM calls use: 'auto' (WebAssembly SIMD when the runtime supports it) or 'typescript'. */
export type FusedLstmKernelChoice = 'auto' | 'typescript';

/** Selects the kernel for the next fused LSTM calls ('typescript' forces the fallback, e.g. to compare). */
export function selectFusedLstmKernel(kernelChoice: FusedLstmKernelChoice): void {
  if (kernelChoice !== 'auto' && kernelChoice !== 'typescript') {
    throw new FusedLstmError(`kernel must be 'auto' or 'typescript', got '${String(kernelChoice)}'`);
  }
  choice = kernelChoice;
  shutdownFusedLstm();
}

/** Stops the fused LSTM's worker threads (they are also stopped when the process exits). */
export function shutdownFusedLstm(): void {
  if (kernel instanceof WasmLstmKernel) kernel.close();
  kernel = undefined;
}

/** The kernel fused LSTM calls run on: WebAssembly SIMD when available and loadable, else the TypeScript one. */
export function fusedLstmKernel(): LstmKernel {
  if (kernel === undefined) {
    const threads = requestedThreads ?? defaultThreadCount();
    kernel = new ReferenceLstmKernel();
    if (choice === 'typescript') {
      wasmFailure = 'the TypeScript kernel was selected';
    } else if (hasWasmSimd()) {
      try {
        kernel = WasmLstmKernel.load({ threads });
        wasmFailure = undefined;
      } catch (error) {
        wasmFailure = error instanceof Error ? error.message : String(error);
      }
    } else {
      wasmFailure = 'WebAssembly SIMD with shared memory is not supported by this runtime';
    }
  }
  return kernel;
}

/** Whether fused LSTM calls run on the WebAssembly SIMD kernel (false: the TypeScript fallback is used). */
export function isFusedLstmAvailable(): boolean {
  return fusedLstmKernel().name === 'wasm-simd';
}

/** What the fused LSTM runs on. */
export interface FusedLstmInfo {
  /** 'wasm-simd' or 'typescript'. */
  kernel: string;
  simd: boolean;
  /** Threads a batch is split over (1 for the TypeScript fallback). */
  threads: number;
  /** Why the WebAssembly kernel is not used, when it is not. */
  fallbackReason?: string;
}

/** Describes the kernel fused LSTM calls run on (loading it on first use). */
export function fusedLstmInfo(): FusedLstmInfo {
  const k = fusedLstmKernel();
  const info: FusedLstmInfo = { kernel: k.name, simd: k.name === 'wasm-simd', threads: k.threads };
  if (wasmFailure !== undefined) info.fallbackReason = wasmFailure;
  return info;
}
