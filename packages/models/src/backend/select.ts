/**
 * Picks the TensorFlow.js backend: the fastest that loads, or the one forced by name
 * (`FLUXSCALE_BACKEND` or the caller's `--backend`), and says which on one stderr line.
 */
import { ModelError } from '../errors.js';
import { backendCandidates, engineOf, type BackendCandidate, type BackendName, type LoadedBackend, type Tf } from './candidates.js';
import { adapterLabel, type GpuAdapter } from './webgpu.js';

/** The backend in use and the `tf` namespace bound to it. */
export interface SelectedBackend {
  readonly name: BackendName;
  readonly tf: Tf;
  /** Version of TensorFlow.js (tfjs-core) the backend runs under. */
  readonly tfjsVersion: string;
  /** The GPU adapter it runs on (WebGPU backend only): for a run's manifest. */
  readonly device?: GpuAdapter;
  /** Backends tried before it that failed to load, with the reason. */
  readonly skipped: readonly { readonly name: BackendName; readonly reason: string }[];
}

/** Options of `selectBackend`. */
export interface SelectBackendOptions {
  /** Backend to force ('auto': the first that loads); defaults to `FLUXSCALE_BACKEND`, else 'auto'. */
  readonly name?: string;
  /** Receives the line naming the backend chosen, and a warning line where it has a caveat; defaults to stderr. */
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

/** The selection of a loaded backend, and the line (plus a warning line, if any) that announces it. */
function selected(name: BackendName, loaded: LoadedBackend, skipped: SelectedBackend['skipped'], how: string, log: (line: string) => void): SelectedBackend {
  const on = loaded.adapter === undefined ? '' : ` on ${adapterLabel(loaded.adapter)}`;
  log(`fluxscale: TensorFlow.js backend '${name}'${on}${how}`);
  if (loaded.warning !== undefined) log(`fluxscale: warning: ${loaded.warning}`);
  return {
    name,
    tf: loaded.tf,
    tfjsVersion: loaded.tf.version_core,
    ...(loaded.adapter === undefined ? {} : { device: loaded.adapter }),
    skipped,
  };
}

/**
 * Loads and activates a TensorFlow.js backend. With a name (option or `FLUXSCALE_BACKEND`), loads
 * exactly that one and throws a `ModelError` ('backend-unavailable') naming it if it cannot; without
 * one (or 'auto'), tries BACKEND_NAMES in turn — WebGPU on hardware adapters only — and takes the
 * first that loads. Logs one line naming the backend chosen (its GPU adapter, and why others were
 * skipped), and a warning line when a forced WebGPU backend runs on a software adapter. The choice
 * becomes the active backend that models train on (see `activeBackend`).
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<SelectedBackend> {
  const candidates = options.candidates ?? backendCandidates;
  const log = options.log ?? logToStderr;
  const envName = process.env.FLUXSCALE_BACKEND?.trim();
  const named = options.name ?? (envName ? envName : undefined);
  const forced = named === 'auto' ? undefined : named;
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
  let loaded: LoadedBackend;
  try {
    loaded = await candidate.load({ forced: true });
  } catch (error) {
    throw new ModelError(
      'backend-unavailable',
      `TensorFlow.js backend '${name}' (forced by ${source}) could not be loaded: ${reasonOf(error)}`,
      name,
      { cause: error },
    );
  }
  return selected(candidate.name, loaded, [], ` (forced by ${source})`, log);
}

async function firstThatLoads(candidates: readonly BackendCandidate[], log: (line: string) => void): Promise<SelectedBackend> {
  const skipped: { name: BackendName; reason: string }[] = [];
  for (const candidate of candidates) {
    let loaded: LoadedBackend;
    try {
      loaded = await candidate.load({ forced: false });
    } catch (error) {
      skipped.push({ name: candidate.name, reason: reasonOf(error) });
      continue;
    }
    const why = skipped.length === 0 ? '' : ` (skipped ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')})`;
    return selected(candidate.name, loaded, skipped, why, log);
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
