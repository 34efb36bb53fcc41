/**
 * Picks the TensorFlow.js backend: the fastest that loads, or the one forced by name
 * (`FLUXSCALE_BACKEND` or the caller's `--backend`), and says which on one stderr line.
 */
import { ModelError } from '../errors.js';
import { backendCandidates, engineOf, type BackendCandidate, type BackendName, type Tf } from './candidates.js';

/** The backend in use and the `tf` namespace bound to it. */
export interface SelectedBackend {
  readonly name: BackendName;
  readonly tf: Tf;
  /** Backends tried before it that failed to load, with the reason. */
  readonly skipped: readonly { readonly name: BackendName; readonly reason: string }[];
}

/** Options of `selectBackend`. */
export interface SelectBackendOptions {
  /** Backend to force; defaults to `FLUXSCALE_BACKEND`, else the first that loads. */
  readonly name?: string;
  /** Receives the one line naming the backend chosen; defaults to a line on stderr. */
  readonly log?: (line: string) => void;
  /** Backends to try, in order; defaults to `backendCandidates` (tests inject their own). */
  readonly candidates?: readonly BackendCandidate[];
}

function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].trim();
}

function logToStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}

let active: Promise<SelectedBackend> | undefined;

/**
 * Loads and activates a TensorFlow.js backend. With a name (option or `FLUXSCALE_BACKEND`), loads
 * exactly that one and throws a `ModelError` ('backend-unavailable') naming it if it cannot; without
 * one, tries tensorflow-gpu, tensorflow, wasm, cpu in turn and takes the first that loads. Logs one
 * line naming the backend chosen (and why others were skipped). The choice becomes the active
 * backend that models train on (see `activeBackend`).
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<SelectedBackend> {
  const candidates = options.candidates ?? backendCandidates;
  const log = options.log ?? logToStderr;
  const envName = process.env.FLUXSCALE_BACKEND?.trim();
  const forced = options.name ?? (envName ? envName : undefined);
  const selection = forced === undefined ? firstThatLoads(candidates, log) : loadForced(candidates, forced, options.name === undefined, log);
  if (options.candidates === undefined) active = selection;
  return selection;
}

async function loadForced(
  candidates: readonly BackendCandidate[],
  name: string,
  fromEnvironment: boolean,
  log: (line: string) => void,
): Promise<SelectedBackend> {
  const source = fromEnvironment ? 'FLUXSCALE_BACKEND' : 'backend';
  const candidate = candidates.find((c) => c.name === name);
  if (candidate === undefined) {
    const known = candidates.map((c) => c.name).join(', ');
    throw new ModelError('backend-unavailable', `Unknown TensorFlow.js backend '${name}' (${source}); expected one of: ${known}`, name);
  }
  try {
    const tf = await candidate.load();
    log(`fluxscale: TensorFlow.js backend '${candidate.name}' (forced by ${source})`);
    return { name: candidate.name, tf, skipped: [] };
  } catch (error) {
    throw new ModelError(
      'backend-unavailable',
      `TensorFlow.js backend '${name}' (forced by ${source}) could not be loaded: ${reasonOf(error)}`,
      name,
      { cause: error },
    );
  }
}

async function firstThatLoads(candidates: readonly BackendCandidate[], log: (line: string) => void): Promise<SelectedBackend> {
  const skipped: { name: BackendName; reason: string }[] = [];
  for (const candidate of candidates) {
    try {
      const tf = await candidate.load();
      const why = skipped.length === 0 ? '' : ` (skipped ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')})`;
      log(`fluxscale: TensorFlow.js backend '${candidate.name}'${why}`);
      return { name: candidate.name, tf, skipped };
    } catch (error) {
      skipped.push({ name: candidate.name, reason: reasonOf(error) });
    }
  }
  const reasons = skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  throw new ModelError('backend-unavailable', `No TensorFlow.js backend could be loaded (${reasons})`, 'backend');
}

/**
 * The backend models run on: the last one `selectBackend` chose, or — on first use — the one
 * `selectBackend()` picks by default. Re-activates it if another tfjs backend was switched on since.
 */
export async function activeBackend(): Promise<SelectedBackend> {
  if (active === undefined) active = selectBackend();
  let selection: SelectedBackend;
  try {
    selection = await active;
  } catch (error) {
    active = undefined;
    throw error;
  }
  const engine = engineOf(selection.name);
  if (selection.tf.getBackend() !== engine) await selection.tf.setBackend(engine);
  return selection;
}
