import { readFileSync } from 'node:fs';
import path from 'node:path';
import { webAssemblyApi, type WasmApi, type WasmMemory, type WasmModule } from './wasm-api.js';
import { SliceWorkerPool, type SliceCommand } from './pool.js';
import {
  checkLstmArguments,
  FusedLstmError,
  outputLength,
  type LstmDims,
  type LstmForward,
  type LstmGradients,
  type LstmKernel,
  type LstmState,
  type LstmWeights,
} from './types.js';

/** The built kernel, shipped in the package: <package>/wasm/fused-lstm.wasm (from src/fused-lstm or dist/fused-lstm). */
export const FUSED_LSTM_WASM_PATH = path.resolve(__dirname, '..', '..', 'wasm', 'fused-lstm.wasm');

/** Parameter block of one thread's slice: word offsets, mirrored from assembly/lstm.ts. */
const P = {
  batch: 0, steps: 1, features: 2, units: 3, chunk: 4, hard: 5, x: 6, w: 7, u: 8, b: 9, ut: 10, wt: 11,
  out: 12, outSeq: 13, dy: 14, dySeq: 15, dx: 16, dW: 17, dU: 18, dB: 19, work: 20, saved: 21, packed: 22,
  h0: 23, c0: 24, cT: 25,
} as const;
const PARAM_BYTES = 128;
const PAGE = 65536;
const MAX_PAGES = 65536;
/** Default upper bound for one thread's saved activations; larger slices are processed (and recomputed) in chunks. */
const DEFAULT_WORK_BUDGET_BYTES = 256 * 1024 * 1024;

/** Options of the WebAssembly kernel. */
export interface WasmLstmKernelOptions {
  /** Threads a batch is split over (the calling thread is one of them); default 1. */
  threads?: number;
  /** Bytes of saved activations per thread (default 256 MiB). Slices needing more run in chunks, and the
   *  backward pass then recomputes each chunk's forward pass. */
  workBudgetBytes?: number;
}

interface KernelExports {
  heapBase(): number;
  workBytes(chunk: number, steps: number, units: number): number;
  inferWorkBytes(batch: number, units: number): number;
  forwardSlice(params: number): void;
  backwardSlice(params: number): void;
  inferSlice(params: number): void;
}

/** Byte offsets of every buffer of a call in the shared memory. */
interface Layout {
  Fp: number;
  Hp: number;
  w: number; u: number; b: number; ut: number; wt: number;
  /** out: the returned output; last: h_T (the same area unless every step is returned); cT: c_T; h0, c0: the initial states (0: zeros). */
  x: number; out: number; last: number; cT: number; h0: number; c0: number; dy: number; dx: number;
  slices: { params: number; start: number; count: number; chunk: number; dW: number; dU: number; dB: number; work: number }[];
  end: number;
}

interface WasmTape {
  id: number;
  dims: LstmDims;
  x: Float32Array;
  weights: LstmWeights;
  initial: LstmState | undefined;
}

function requireWebAssembly(): WasmApi {
  const api = webAssemblyApi();
  if (api === undefined) throw new FusedLstmError('this runtime has no WebAssembly');
  return api;
}

const roundUp = (value: number, multiple: number): number => Math.ceil(value / multiple) * multiple;

/** Consecutive 64-byte-aligned regions of the kernel's memory, handed out from `start` upwards. */
class Regions {
  end: number;

  constructor(start: number) {
    this.end = roundUp(start, 64);
  }

  /** Byte offset of a new region of `floats` float32 values. */
  take(floats: number): number {
    const at = this.end;
    this.end = roundUp(this.end + 4 * floats, 64);
    return at;
  }
}

/** Splits `batch` sequences over at most `threads` slices of near-equal size (multiples of 4 where possible). */
export function splitBatch(batch: number, threads: number): { start: number; count: number }[] {
  const used = Math.max(1, Math.min(threads, Math.ceil(batch / 4)));
  const base = roundUp(Math.ceil(batch / used), 4);
  const slices: { start: number; count: number }[] = [];
  for (let start = 0; start < batch; start += base) slices.push({ start, count: Math.min(base, batch - start) });
  return slices;
}

/**
 * The WebAssembly SIMD kernel (assembly/lstm.ts) on one shared memory, with the batch split across a persistent
 * pool of worker threads (the calling thread works too); every thread adds its weight gradients into its own
 * accumulators, which are summed here. Units and features are zero-padded to multiples of 4.
 */
export class WasmLstmKernel implements LstmKernel {
  readonly name = 'wasm-simd';
  private readonly memory: WasmMemory;
  private readonly local: KernelExports;
  private readonly pool: SliceWorkerPool;
  private nextTape = 1;
  /** Tape whose activations the work buffers hold (0: none). */
  private savedTape = 0;

  readonly threads: number;
  private readonly workBudgetBytes: number;

  constructor(module: WasmModule, options: WasmLstmKernelOptions = {}) {
    this.threads = options.threads ?? 1;
    this.workBudgetBytes = options.workBudgetBytes ?? DEFAULT_WORK_BUDGET_BYTES;
    if (!Number.isInteger(this.threads) || this.threads < 1) throw new FusedLstmError(`threads must be a positive integer, got ${this.threads}`);
    const api = requireWebAssembly();
    this.memory = new api.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
    this.local = new api.Instance(module, { env: { memory: this.memory } }).exports as unknown as KernelExports;
    this.pool = new SliceWorkerPool(module, this.memory, this.threads);
  }

  /** Loads the shipped module; throws FusedLstmError when it is missing or the runtime lacks SIMD/threads. */
  static load(options: WasmLstmKernelOptions = {}): WasmLstmKernel {
    return new WasmLstmKernel(new (requireWebAssembly().Module)(readFileSync(FUSED_LSTM_WASM_PATH)), options);
  }

  forward(dims: LstmDims, x: Float32Array, weights: LstmWeights, initial?: LstmState): LstmForward {
    checkLstmArguments(dims, x, weights, initial);
    const layout = this.prepare(dims, x, weights, initial);
    this.runSlices(layout, 'forwardSlice');
    const tape: WasmTape = { id: this.nextTape++, dims, x, weights, initial };
    this.savedTape = tape.id;
    const { batch: B, steps: T, units: H } = dims;
    const rows = dims.returnSequences ? B * T : B;
    const output = unpadRows(this.f32(layout.out, rows * layout.Hp), rows, layout.Hp, H);
    const final = { h: unpadRows(this.f32(layout.last, B * layout.Hp), B, layout.Hp, H), c: unpadRows(this.f32(layout.cT, B * layout.Hp), B, layout.Hp, H) };
    return { output, final, tape };
  }

  /** Forward-only pass (no tape): weights packed per group of 4 units, every thread keeps only h and c of the
   *  current step. Returns what forward() returns as output. */
  infer(dims: LstmDims, x: Float32Array, weights: LstmWeights): Float32Array {
    checkLstmArguments(dims, x, weights);
    const { batch: B, steps: T, features: F, units: H } = dims;
    const Fp = roundUp(F, 4), Hp = roundUp(H, 4);
    const rows = dims.returnSequences ? B * T : B;
    const memory = new Regions(this.local.heapBase());
    const spans = splitBatch(B, this.threads);
    const paramsAt = memory.take((PARAM_BYTES / 4) * spans.length);
    const packed = memory.take((Hp / 4) * (1 + Fp + Hp) * 16);
    const xAt = memory.take(B * T * Fp);
    const out = memory.take(rows * Hp);
    const work = spans.map(({ count }) => memory.take(this.local.inferWorkBytes(count, Hp) / 4));
    this.reserve(memory.end, dims);
    // The work buffers no longer hold a forward pass's activations.
    this.savedTape = 0;
    packGroups(weights, F, H, Fp, Hp, this.f32(packed, (Hp / 4) * (1 + Fp + Hp) * 16));
    padRows(x, B * T, F, this.f32(xAt, B * T * Fp), Fp);
    spans.forEach((s, i) => {
      const params = this.i32(paramsAt + i * PARAM_BYTES, PARAM_BYTES / 4);
      params.fill(0);
      params[P.batch] = s.count;
      params[P.steps] = T;
      params[P.features] = Fp;
      params[P.units] = Hp;
      params[P.hard] = dims.recurrentActivation === 'hardSigmoid' ? 1 : 0;
      params[P.x] = xAt + 4 * s.start * T * Fp;
      params[P.packed] = packed;
      params[P.out] = dims.returnSequences ? 0 : out + 4 * s.start * Hp;
      params[P.outSeq] = dims.returnSequences ? out + 4 * s.start * T * Hp : 0;
      params[P.work] = work[i];
    });
    this.runCommand(spans.map((_, i) => paramsAt + i * PARAM_BYTES), 'inferSlice');
    return unpadRows(this.f32(out, rows * Hp), rows, Hp, H);
  }

  backward(tape: unknown, dy: Float32Array): LstmGradients {
    const { id, dims, x, weights, initial } = tape as WasmTape;
    if (dy.length !== outputLength(dims)) throw new FusedLstmError(`dy has ${dy.length} values, expected ${outputLength(dims)}`);
    const { batch: B, steps: T, features: F, units: H } = dims;
    const layout = id === this.savedTape ? this.layout(dims, initial !== undefined) : this.prepare(dims, x, weights, initial);
    this.savedTape = 0;
    const rows = dims.returnSequences ? B * T : B;
    padRows(dy, rows, H, this.f32(layout.dy, rows * layout.Hp), layout.Hp);
    const G = 4 * layout.Hp;
    for (const s of layout.slices) {
      const params = this.i32(s.params, 32);
      params[P.dy] = dims.returnSequences ? 0 : layout.dy + 4 * s.start * layout.Hp;
      params[P.dySeq] = dims.returnSequences ? layout.dy + 4 * s.start * T * layout.Hp : 0;
      this.f32(s.dW, (layout.Fp + layout.Hp + 1) * G).fill(0);
    }
    this.runSlices(layout, 'backwardSlice');
    const sum = (offset: (s: Layout['slices'][number]) => number, length: number): Float32Array => {
      const total = new Float32Array(length);
      for (const s of layout.slices) {
        const part = this.f32(offset(s), length);
        for (let i = 0; i < length; i++) total[i] += part[i];
      }
      return total;
    };
    return {
      dx: unpadRows(this.f32(layout.dx, B * T * layout.Fp), B * T, layout.Fp, F),
      dKernel: unpadGates(sum((s) => s.dW, layout.Fp * G), F, layout.Hp, H),
      dRecurrentKernel: unpadGates(sum((s) => s.dU, layout.Hp * G), H, layout.Hp, H),
      dBias: unpadGates(sum((s) => s.dB, G), 1, layout.Hp, H),
    };
  }

  /** Stops the worker threads. */
  close(): void {
    this.pool.close();
  }

  private layout(dims: LstmDims, hasInitial: boolean): Layout {
    const { batch: B, steps: T, features: F, units: H } = dims;
    const Fp = roundUp(F, 4), Hp = roundUp(H, 4), G = 4 * Hp;
    const memory = new Regions(this.local.heapBase());
    const take = (floats: number): number => memory.take(floats);
    const sliceSpans = splitBatch(B, this.threads);
    const paramsAt = take((PARAM_BYTES / 4) * sliceSpans.length);
    const w = take(Fp * G), u = take(Hp * G), b = take(G), ut = take(G * Hp), wt = take(G * Fp);
    const x = take(B * T * Fp);
    const outRows = dims.returnSequences ? B * T : B;
    const out = take(outRows * Hp), dy = take(outRows * Hp), dx = take(B * T * Fp);
    const last = dims.returnSequences ? take(B * Hp) : out;
    const cT = take(B * Hp);
    const h0 = hasInitial ? take(B * Hp) : 0, c0 = hasInitial ? take(B * Hp) : 0;
    const perSequence = this.local.workBytes(1, T, Hp);
    const slices = sliceSpans.map(({ start, count }, i) => {
      const chunk = Math.max(1, Math.min(count, Math.floor(this.workBudgetBytes / perSequence)));
      const dW = take((Fp + Hp + 1) * G);
      const work = take(this.local.workBytes(chunk, T, Hp) / 4);
      return { params: paramsAt + i * PARAM_BYTES, start, count, chunk, dW, dU: dW + 4 * Fp * G, dB: dW + 4 * (Fp + Hp) * G, work };
    });
    return { Fp, Hp, w, u, b, ut, wt, x, out, last, cT, h0, c0, dy, dx, slices, end: memory.end };
  }

  /** Lays out a call, grows the memory, writes the padded inputs and every slice's parameter block. */
  private prepare(dims: LstmDims, x: Float32Array, weights: LstmWeights, initial: LstmState | undefined): Layout {
    const layout = this.layout(dims, initial !== undefined);
    this.reserve(layout.end, dims);
    const { batch: B, steps: T, features: F, units: H } = dims;
    const { Fp, Hp } = layout;
    const G = 4 * Hp;
    const w = padGates(weights.kernel, F, H, Hp, this.f32(layout.w, Fp * G));
    const u = padGates(weights.recurrentKernel, H, H, Hp, this.f32(layout.u, Hp * G));
    padGates(weights.bias, 1, H, Hp, this.f32(layout.b, G));
    transpose(u, Hp, G, this.f32(layout.ut, G * Hp));
    transpose(w, Fp, G, this.f32(layout.wt, G * Fp));
    padRows(x, B * T, F, this.f32(layout.x, B * T * Fp), Fp);
    if (initial !== undefined) {
      padRows(initial.h, B, H, this.f32(layout.h0, B * Hp), Hp);
      padRows(initial.c, B, H, this.f32(layout.c0, B * Hp), Hp);
    }
    for (const s of layout.slices) {
      const params = this.i32(s.params, 32);
      params.fill(0);
      params[P.batch] = s.count;
      params[P.steps] = T;
      params[P.features] = Fp;
      params[P.units] = Hp;
      params[P.chunk] = s.chunk;
      params[P.hard] = dims.recurrentActivation === 'hardSigmoid' ? 1 : 0;
      params[P.x] = layout.x + 4 * s.start * T * Fp;
      params[P.w] = layout.w;
      params[P.u] = layout.u;
      params[P.b] = layout.b;
      params[P.ut] = layout.ut;
      params[P.wt] = layout.wt;
      params[P.out] = (dims.returnSequences ? layout.last : layout.out) + 4 * s.start * Hp;
      params[P.outSeq] = dims.returnSequences ? layout.out + 4 * s.start * T * Hp : 0;
      params[P.dx] = layout.dx + 4 * s.start * T * Fp;
      params[P.dW] = s.dW;
      params[P.dU] = s.dU;
      params[P.dB] = s.dB;
      params[P.work] = s.work;
      params[P.cT] = layout.cT + 4 * s.start * Hp;
      params[P.h0] = initial === undefined ? 0 : layout.h0 + 4 * s.start * Hp;
      params[P.c0] = initial === undefined ? 0 : layout.c0 + 4 * s.start * Hp;
    }
    return layout;
  }

  /** Grows the memory to hold `end` bytes. */
  private reserve(end: number, dims: LstmDims): void {
    const needed = Math.ceil(end / PAGE) - this.memory.buffer.byteLength / PAGE;
    if (needed > 0) {
      if (end > MAX_PAGES * PAGE) throw new FusedLstmError(`batch ${dims.batch} × steps ${dims.steps} needs more than 4 GiB`);
      this.memory.grow(needed);
    }
  }

  private runSlices(layout: Layout, command: SliceCommand): void {
    this.runCommand(layout.slices.map((s) => s.params), command);
  }

  /** Runs `command` on params[i] in thread i (on the calling thread alone when there is one slice). */
  private runCommand(params: number[], command: SliceCommand): void {
    if (params.length === 1) this.local[command](params[0]);
    else this.pool.run(this.local, command, params);
  }

  private f32(byteOffset: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, byteOffset, length);
  }

  private i32(byteOffset: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, byteOffset, length);
  }
}

/** Copies rows of `width` values into rows of `paddedWidth` (zeros after), returning `target`. */
function padRows(source: Float32Array, rows: number, width: number, target: Float32Array, paddedWidth: number): Float32Array {
  if (width === paddedWidth) {
    target.set(source.subarray(0, rows * width));
    return target;
  }
  target.fill(0);
  for (let r = 0; r < rows; r++) target.set(source.subarray(r * width, (r + 1) * width), r * paddedWidth);
  return target;
}

/** Inverse of padRows: the first `width` values of each padded row, as a new array. */
function unpadRows(source: Float32Array, rows: number, paddedWidth: number, width: number): Float32Array {
  if (width === paddedWidth) return source.slice(0, rows * width);
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) out.set(source.subarray(r * paddedWidth, r * paddedWidth + width), r * width);
  return out;
}

/** Copies a [rows, 4·H] gate matrix into a zeroed [≥rows, 4·Hp] one, each gate block at g·Hp. */
function padGates(source: Float32Array, rows: number, H: number, Hp: number, target: Float32Array): Float32Array {
  target.fill(0);
  for (let r = 0; r < rows; r++) {
    for (let g = 0; g < 4; g++) target.set(source.subarray(r * 4 * H + g * H, r * 4 * H + (g + 1) * H), r * 4 * Hp + g * Hp);
  }
  return target;
}

/** Inverse of padGates for the first `rows` rows. */
function unpadGates(source: Float32Array, rows: number, Hp: number, H: number): Float32Array {
  const out = new Float32Array(rows * 4 * H);
  for (let r = 0; r < rows; r++) {
    for (let g = 0; g < 4; g++) out.set(source.subarray(r * 4 * Hp + g * Hp, r * 4 * Hp + g * Hp + H), r * 4 * H + g * H);
  }
  return out;
}

/**
 * Packs bias [4H], kernel [F, 4H] and recurrent kernel [H, 4H] (gate blocks i, f, c, o) for the forward-only
 * pass: for each group of 4 (padded) units, 1 + Fp + Hp rows of 16 values — bias, kernel rows, recurrent rows —
 * each the 4 units' i, f, c, o weights in turn; padding is zero. Returns `target`.
 */
function packGroups(weights: LstmWeights, F: number, H: number, Fp: number, Hp: number, target: Float32Array): Float32Array {
  target.fill(0);
  const G = 4 * H;
  const rowsPerGroup = 1 + Fp + Hp;
  const sources: [Float32Array, number, number][] = [[weights.bias, 1, 0], [weights.kernel, F, 1], [weights.recurrentKernel, H, 1 + Fp]];
  for (let unit = 0; unit < H; unit++) {
    const group = (unit >> 2) * rowsPerGroup * 16 + (unit & 3);
    for (const [source, rows, firstRow] of sources) {
      for (let r = 0; r < rows; r++) {
        for (let g = 0; g < 4; g++) target[group + (firstRow + r) * 16 + 4 * g] = source[r * G + g * H + unit];
      }
    }
  }
  return target;
}

/** target [cols, rows] = source [rows, cols]ᵀ. */
function transpose(source: Float32Array, rows: number, cols: number, target: Float32Array): void {
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) target[c * rows + r] = source[r * cols + c];
}
