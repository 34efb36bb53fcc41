/**
 * The compute settings of a process: the run's TensorFlow.js backend and the fused LSTM kernel's
 * thread count, applied once and kept, so that a worker running unit after unit keeps its backend
 * and the kernel's thread pool warm.
 */
import { selectBackend, setFusedLstmThreads, type SelectedBackend } from '@fluxscale/models';
import type { RunConfig } from '../config/schema.js';

let applied: { key: string; backend: Promise<SelectedBackend> } | undefined;

/**
 * Selects the run's backend and fused-LSTM threads in this process; resolves to the backend chosen
 * (name, tfjs version, and the GPU adapter for WebGPU). A second call with the same settings reuses
 * the first one's (nothing is restarted).
 */
export function prepareCompute(config: Pick<RunConfig, 'backend' | 'threads'>): Promise<SelectedBackend> {
  const key = JSON.stringify([config.backend, config.threads]);
  if (applied?.key !== key) {
    setFusedLstmThreads(config.threads ?? undefined);
    // 'auto' leaves the choice to FLUXSCALE_BACKEND where it is set, else to the first backend that loads.
    const backend = selectBackend(config.backend === 'auto' ? {} : { name: config.backend });
    applied = { key, backend };
    backend.catch(() => {
      if (applied?.backend === backend) applied = undefined;
    });
  }
  return applied.backend;
}

/** What a run's manifest records of the backend its main process selected. */
export function backendRecord(selected: SelectedBackend | null): Record<string, unknown> {
  return { backend: selected?.name ?? null, tfjsVersion: selected?.tfjsVersion ?? null, device: selected?.device ?? null };
}
