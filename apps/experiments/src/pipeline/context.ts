/**
 * What every unit of a run needs: the run directory, its resolved configuration, the plan, and
 * a cache of prepared sites so that units run in one process read each site once.
 */
import { join } from 'node:path';
import type { RunConfig } from '../config/schema.js';
import type { Unit } from './plan.js';
import type { DecompositionMode } from '@fluxscale/decomposition';
import { readPrepared, type PreparedBands } from './prepared.js';

/** The state shared by the units of one process. */
export class RunContext {
  private readonly prepared = new Map<string, PreparedBands>();
  readonly byId: ReadonlyMap<string, Unit>;

  constructor(
    readonly runDir: string,
    readonly config: RunConfig,
    readonly units: readonly Unit[],
  ) {
    this.byId = new Map(units.map((u) => [u.id, u]));
  }

  /** Absolute folder of a unit's output. */
  dirOf(unit: Unit): string {
    return join(this.runDir, unit.path);
  }

  /** The unit of the given kind and keys (throws if the plan has none). */
  find(kind: Unit['kind'], keys: Partial<Pick<Unit, 'site' | 'group' | 'model' | 'task' | 'trial' | 'fold' | 'mode' | 'replicate'>>): Unit {
    const unit = this.units.find(
      (u) => u.kind === kind && Object.entries(keys).every(([k, v]) => (u as unknown as Record<string, unknown>)[k] === v),
    );
    if (!unit) throw new Error(`the plan has no ${kind} unit for ${JSON.stringify(keys)}`);
    return unit;
  }

  /** The prepared bands of a site (read once per process); `mode` picks the decomposition of a verdict run. */
  site(siteId: string, mode?: DecompositionMode): PreparedBands {
    const key = `${mode ?? ''}|${siteId}`;
    let site = this.prepared.get(key);
    if (!site) {
      site = readPrepared(this.dirOf(this.find('prepare', { site: siteId, ...(mode ? { mode } : {}) })));
      this.prepared.set(key, site);
    }
    return site;
  }
}
