import { Worker } from 'node:worker_threads';
import type { WasmMemory, WasmModule } from './wasm-api.js';

/** Slots of the pool's control block (Int32Array over a SharedArrayBuffer). */
const GENERATION = 0;
const COMMAND = 1;
const PENDING = 2;
const FAILURES = 3;
const PARAMS = 4;

/** Commands a worker runs: the kernel export of that name on its parameter block. */
export type SliceCommand = 'forwardSlice' | 'backwardSlice' | 'inferSlice';
const COMMAND_CODES: Record<SliceCommand | 'stop', number> = { forwardSlice: 1, backwardSlice: 2, inferSlice: 3, stop: 4 };

// The worker body is evaluated from a string so that it runs the same from the TypeScript sources (jest) and
// from dist/, with no worker file to resolve. It instantiates the kernel on the shared memory and then sleeps on
// the generation counter; each wake-up runs one slice and counts itself off PENDING.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, index } = workerData;
const exports_ = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctl = new Int32Array(control);
const names = { 1: 'forwardSlice', 2: 'backwardSlice', 3: 'inferSlice' };
let seen = 0;
for (;;) {
  Atomics.wait(ctl, ${GENERATION}, seen);
  seen = Atomics.load(ctl, ${GENERATION});
  const command = Atomics.load(ctl, ${COMMAND});
  if (command === ${COMMAND_CODES.stop}) break;
  const params = Atomics.load(ctl, ${PARAMS} + index);
  try {
    if (params !== 0) exports_[names[command]](params);
  } catch (error) {
    Atomics.add(ctl, ${FAILURES}, 1);
  }
  if (Atomics.sub(ctl, ${PENDING}, 1) === 1) Atomics.notify(ctl, ${PENDING});
}
`;

/** Kernel exports a slice runs on. */
type SliceExports = Record<SliceCommand, (params: number) => void>;

/**
 * Persistent pool of worker threads that each own an instance of the kernel module on one shared
 * WebAssembly.Memory. `run` hands one parameter block to every thread (slot 0 is the calling thread) and
 * blocks with Atomics.wait until all are done, so the fused LSTM stays a synchronous operation.
 */
export class SliceWorkerPool {
  private readonly control: Int32Array;
  private readonly workers: Worker[] = [];

  constructor(module: WasmModule, memory: WasmMemory, readonly threads: number) {
    this.control = new Int32Array(new SharedArrayBuffer(4 * (PARAMS + threads)));
    for (let index = 1; index < threads; index++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, control: this.control.buffer, index } });
      worker.unref();
      this.workers.push(worker);
    }
  }

  /** Runs `command` on params[i] in thread i (params[i] = 0: idle) and returns once every thread finished. */
  run(local: SliceExports, command: SliceCommand, params: readonly number[]): void {
    const ctl = this.control;
    for (let i = 1; i < this.threads; i++) ctl[PARAMS + i] = params[i] ?? 0;
    Atomics.store(ctl, FAILURES, 0);
    Atomics.store(ctl, COMMAND, COMMAND_CODES[command]);
    Atomics.store(ctl, PENDING, this.threads - 1);
    Atomics.add(ctl, GENERATION, 1);
    Atomics.notify(ctl, GENERATION);
    let localError: unknown;
    try {
      if (params[0]) local[command](params[0]);
    } catch (error) {
      localError = error;
    }
    for (let pending = Atomics.load(ctl, PENDING); pending !== 0; pending = Atomics.load(ctl, PENDING)) {
      Atomics.wait(ctl, PENDING, pending);
    }
    if (localError !== undefined) throw localError;
    if (Atomics.load(ctl, FAILURES) > 0) throw new Error(`fused LSTM: ${command} failed in a worker thread`);
  }

  /** Stops the worker threads. */
  close(): void {
    Atomics.store(this.control, COMMAND, COMMAND_CODES.stop);
    Atomics.add(this.control, GENERATION, 1);
    Atomics.notify(this.control, GENERATION);
    for (const worker of this.workers) void worker.terminate();
    this.workers.length = 0;
  }
}
