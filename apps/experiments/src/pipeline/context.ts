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
  /** Prepared sites by prepare unit id and by the keys they were asked for. */
  private readonly prepared = new Map<string, PreparedBands>();
  readonly byId: ReadonlyMap<string, Unit>;
  /** The contexts of the driver sets of a drivers run, by set. */
  private readonly scoped = new Map<string, RunContext>();

  constructor(
    readonly runDir: string,
    readonly config: RunConfig,
    readonly units: readonly Unit[],
  ) {
    this.byId = new Map(units.map((u) => [u.id, u]));
  }

  /**
   * The context of one driver set of a drivers run (the same for every call with that set): the run's
   * config with those drivers, and the plan's units of that set.
   */
  withDrivers(drivers: readonly string[]): RunContext {
    const key = drivers.join(',');
    let scoped = this.scoped.get(key);
    if (!scoped) {
      const config = { ...this.config, data: { ...this.config.data, drivers: [...drivers] } };
      scoped = new RunContext(this.runDir, config, this.units.filter((u) => u.drivers?.join(',') === key));
      this.scoped.set(key, scoped);
    }
    return scoped;
  }

  /** Absolute folder of a unit's output. */
  dirOf(unit: Unit): string {
    return join(this.runDir, unit.path);
  }

  /** The unit of the given kind and keys (throws if the plan has none). */
  find(kind: Unit['kind'], keys: Partial<Pick<Unit, 'site' | 'group' | 'model' | 'task' | 'trial' | 'fold' | 'mode' | 'replicate' | 'block'>>): Unit {
    const unit = this.units.find(
      (u) => u.kind === kind && Object.entries(keys).every(([k, v]) => (u as unknown as Record<string, unknown>)[k] === v),
    );
    if (!unit) throw new Error(`the plan has no ${kind} unit for ${JSON.stringify(keys)}`);
    return unit;
  }

  /**
   * The prepared bands of a site (read once per process): `mode` picks the decomposition of a verdict
   * run (absent: any, for what is the same in every mode: the raw series and the truth), `block` the
   * train-only SSA of a rolling-origin test block (absent, or a site prepared once: its only one).
   */
  site(siteId: string, mode?: DecompositionMode, block?: number): PreparedBands {
    const key = `${mode ?? ''}|${block ?? ''}|${siteId}`;
    let site = this.prepared.get(key);
    if (!site) {
      const unit = this.prepareOf(siteId, mode, block);
      site = this.prepared.get(unit.id) ?? readPrepared(this.dirOf(unit));
      this.prepared.set(unit.id, site);
      this.prepared.set(key, site);
    }
    return site;
  }

  private prepareOf(siteId: string, mode?: DecompositionMode, block?: number): Unit {
    const candidates = this.units.filter((u) => u.kind === 'prepare' && u.site === siteId && (mode === undefined || u.mode === mode));
    const unit = candidates.find((u) => u.block === block) ?? candidates.find((u) => u.block === undefined) ?? (block === undefined ? candidates[0] : undefined);
    if (!unit) throw new Error(`the plan has no prepare unit for ${JSON.stringify({ site: siteId, mode, block })}`);
    return unit;
  }
}
