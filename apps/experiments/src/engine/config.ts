/** The configuration of a run directory, or the one a new run would get from a request. */
import type { RunConfig } from '../config/schema.js';
import { readRunConfig, refuseConfigKeys, resolveRunConfig, type RunRequest } from './run-dir.js';

/** `run`: the run directory's config.json; else what `fluxscale experiment` would resolve from the request. */
export function requestedConfig(request: RunRequest & { readonly run?: string }): RunConfig {
  if (request.run === undefined) return resolveRunConfig(request);
  refuseConfigKeys(request, ['out', 'resume'], "a run directory's configuration is its own config.json");
  return readRunConfig(request.run, 'the run directory');
}
