/**
 * Loader of libsvm-js (libsvm 3.x compiled to WebAssembly), used to train ε-SVR. Node 20 loads its
 * wasm build offline (after a harmless "wasm streaming compile failed … falling back to ArrayBuffer
 * instantiation" warning on stderr, printed once: libsvm-js tries fetch() on a file path first).
 */
import { createRequire } from 'node:module';

/** Options of a libsvm-js SVM. */
export interface LibsvmOptions {
  type: number;
  kernel: number;
  gamma: number;
  cost: number;
  epsilon: number;
  tolerance: number;
  cacheSize: number;
  shrinking: boolean;
  quiet: boolean;
}

/** One libsvm-js model (memory lives on the wasm heap until `free`). */
export interface LibsvmModel {
  train(samples: number[][], labels: number[]): void;
  /** 0-based indices of the support vectors in the training samples. */
  getSVIndices(): number[];
  /** libsvm's text model format. */
  serializeModel(): string;
  free(): void;
}

/** The libsvm-js module. */
export interface Libsvm {
  new (options: Partial<LibsvmOptions>): LibsvmModel;
  SVM_TYPES: { EPSILON_SVR: number };
  KERNEL_TYPES: { RBF: number };
}

let loading: Promise<Libsvm> | undefined;

/** Loads libsvm-js's WebAssembly build once per process. */
export function loadLibsvm(): Promise<Libsvm> {
  loading ??= createRequire(__filename)('libsvm-js/wasm') as Promise<Libsvm>;
  return loading;
}

/**
 * Reads the dual coefficients (y_i·(α_i − α_i*), full precision) and −b (rho, as libsvm-js prints
 * it: 6 significant digits) from a libsvm text model.
 */
export function parseLibsvmModel(text: string): { coefficients: Float64Array; rho: number } {
  const lines = text.split('\n');
  const start = lines.indexOf('SV');
  const rhoLine = lines.find((line) => line.startsWith('rho '));
  if (start < 0 || rhoLine === undefined) throw new Error('libsvm model text has no rho or SV section');
  const coefficients: number[] = [];
  for (const line of lines.slice(start + 1)) {
    const trimmed = line.trim();
    if (trimmed !== '') coefficients.push(Number(trimmed.split(' ')[0]));
  }
  return { coefficients: Float64Array.from(coefficients), rho: Number(rhoLine.slice(4)) };
}
