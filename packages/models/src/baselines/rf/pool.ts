/**
 * Growing a forest's trees on several threads. Tree t is always grown from `treeSeed(seed, t)` and
 * stored at position t, so the forest is identical for any number of threads.
 *
 * Worker threads need a JavaScript file: `worker.js` next to this module (dist/baselines/rf/ in a
 * build). When this module runs from TypeScript sources (jest), the package's built
 * dist/baselines/rf/worker.js is used instead (turbo builds the package before its tests); when
 * neither exists, or one thread is asked for, trees are grown in-process, one after another.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BinnedFeatures } from './binning.js';
import { treeSeed } from './forest.js';
import { growTree, type TreeArrays, type TreeOptions } from './tree.js';

/** Environment variable that sets the default thread count of forest growth. */
export const THREADS_ENV = 'FLUXSCALE_THREADS';

/** What every worker receives once (typed arrays backed by SharedArrayBuffers). */
export interface ForestJob {
  readonly data: BinnedFeatures;
  readonly y: Float64Array;
  readonly options: TreeOptions;
}

/** One tree to grow. */
export interface TreeRequest {
  readonly tree: number;
  readonly seed: number;
}

/** One grown tree. */
export interface TreeResult {
  readonly tree: number;
  readonly arrays: TreeArrays;
}

/** Threads to use: `requested` if > 0, else $FLUXSCALE_THREADS if set, else os.availableParallelism(). */
export function resolveThreads(requested: number): number {
  if (requested > 0) return requested;
  const fromEnv = Number(process.env[THREADS_ENV]);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return availableParallelism();
}

/** Path of the built worker script, or null when there is none (see the module comment). */
export function workerScript(): string | null {
  const candidates = [join(__dirname, 'worker.js'), resolve(__dirname, '..', '..', '..', 'dist', 'baselines', 'rf', 'worker.js')];
  return candidates.find((file) => existsSync(file)) ?? null;
}

/** Grows `trees` trees from `seed` on up to `threads` threads; resolves in tree order. */
export async function growForest(job: ForestJob, trees: number, seed: number, threads: number, signal?: AbortSignal): Promise<TreeArrays[]> {
  const script = workerScript();
  const workers = Math.min(threads, trees);
  if (workers <= 1 || script === null) return growInProcess(job, trees, seed, signal);
  return growInWorkers(script, shareJob(job), trees, seed, workers, signal);
}

async function growInProcess(job: ForestJob, trees: number, seed: number, signal?: AbortSignal): Promise<TreeArrays[]> {
  const out: TreeArrays[] = [];
  for (let t = 0; t < trees; t++) {
    signal?.throwIfAborted();
    out.push(growTree(job.data, job.y, job.options, treeSeed(seed, t)));
    await new Promise<void>((done) => setImmediate(done));
  }
  return out;
}

function growInWorkers(script: string, job: ForestJob, trees: number, seed: number, count: number, signal?: AbortSignal): Promise<TreeArrays[]> {
  return new Promise<TreeArrays[]>((resolvePromise, reject) => {
    const out: TreeArrays[] = new Array<TreeArrays>(trees);
    const pool = Array.from({ length: count }, () => new Worker(script, { workerData: job }));
    let next = 0;
    let done = 0;
    let settled = false;
    const finish = (error: unknown): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      for (const worker of pool) void worker.terminate();
      if (error === null) resolvePromise(out);
      else reject(error);
    };
    const onAbort = (): void => finish(signal?.reason);
    const dispatch = (worker: Worker): void => {
      if (next < trees) {
        const request: TreeRequest = { tree: next, seed: treeSeed(seed, next) };
        next++;
        worker.postMessage(request);
      }
    };
    if (signal?.aborted) return finish(signal.reason);
    signal?.addEventListener('abort', onAbort);
    for (const worker of pool) {
      worker.on('message', (result: TreeResult) => {
        out[result.tree] = result.arrays;
        done++;
        if (done === trees) finish(null);
        else dispatch(worker);
      });
      worker.on('error', (err) => finish(err));
      worker.on('exit', (code) => {
        if (!settled) finish(new Error(`forest worker ${script} exited with code ${code}`));
      });
      dispatch(worker);
    }
  });
}

/** Copies the job's typed arrays into SharedArrayBuffers so workers read them without copies. */
function shareJob(job: ForestJob): ForestJob {
  const share = <T extends Uint8Array | Int32Array | Float64Array>(a: T, make: (b: SharedArrayBuffer) => T): T => {
    const copy = make(new SharedArrayBuffer(a.byteLength));
    copy.set(a as never);
    return copy;
  };
  const { data } = job;
  return {
    options: job.options,
    y: share(job.y, (b) => new Float64Array(b)),
    data: {
      rows: data.rows,
      cols: data.cols,
      bins: share(data.bins, (b) => new Uint8Array(b)),
      edges: share(data.edges, (b) => new Float64Array(b)),
      binCount: share(data.binCount, (b) => new Int32Array(b)),
    },
  };
}
