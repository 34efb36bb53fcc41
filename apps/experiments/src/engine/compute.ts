/**
 * The compute settings of a process: the run's TensorFlow.js backend and the fused LSTM kernel's
 * thread count, applied once and kept, so that a worker running unit after unit keeps its backend
 * and the kernel's thread pool warm.
 */
import { selectBackend, setFusedLstmThreads } from '@fluxscale/models';
import type { RunConfig } from '../config/schema.js';

let applied: { key: string; backend: Promise<string> } | undefined;

/**
 * Selects the run's backend and fused-LSTM threads in this process; resolves to the backend's name.
 * A second call with the same settings reuses the first one's (nothing is restarted).
 */
export function prepareCompute(config: Pick<RunConfig, 'backend' | 'threads'>): Promise<string> {
  const key = JSON.stringify([config.backend, config.threads]);
  if (applied?.key !== key) {
    setFusedLstmThreads(config.threads ?? undefined);
    const backend = selectBackend({ name: config.backend === 'auto' ? undefined : config.backend }).then((b) => b.name);
    applied = { key, backend };
    backend.catch(() => {
      if (applied?.backend === backend) applied = undefined;
    });
  }
  return applied.backend;
}
