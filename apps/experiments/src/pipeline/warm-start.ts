/**
 * Warm-started folds of rolling-origin evaluation (`evaluation.warmStart`): the fit of a model for
 * test block k + 1 starts from the weights of the same fit for block k (same group, task, model, SSA
 * mode and seed replicate) and trains for the shorter schedule `warmStart.epochs`, where the model's
 * registry entry says it can (`warmStarts`). The chain is one more dependency of each later fit, so
 * its id, and the id of every unit that needs it, changes with it: a run with warm starts never
 * reuses a cold fit, nor the other way round.
 */
import { modelSpec } from '@fluxscale/models';
import type { RunConfig } from '../config/schema.js';
import { contentId } from './content-id.js';

/** What chaining needs of a planned unit (see plan.ts's `Unit`). */
interface ChainedUnit {
  readonly id: string;
  readonly kind: string;
  readonly path: string;
  readonly deps: readonly string[];
  readonly model?: string;
  readonly warmFrom?: string;
}

const BLOCK_SUFFIX = /\/block-(\d+)$/;

/** The path of the same unit for the previous test block, or null for block 0 and chronological units. */
function previousBlockPath(path: string): string | null {
  const match = BLOCK_SUFFIX.exec(path);
  if (match === null || match[1] === '0') return null;
  return path.replace(BLOCK_SUFFIX, `/block-${Number(match[1]) - 1}`);
}

/**
 * The units with each later block's fit chained to the previous block's (its `warmFrom`, one more
 * dependency) and every id that depends on a chained fit recomputed; the units unchanged where the
 * run has no warm start. `units` must list every unit after its dependencies, as the planners do.
 */
export function chainWarmStarts<U extends ChainedUnit>(config: RunConfig, units: readonly U[]): U[] {
  const warm = config.evaluation.warmStart;
  if (warm === null) return [...units];
  const renamed = new Map<string, string>();
  const fitByPath = new Map<string, U>();
  return units.map((unit) => {
    const deps = unit.deps.map((d) => renamed.get(d) ?? d);
    const previous = unit.kind === 'fit' && modelSpec(unit.model!).warmStarts === true ? previousFit(unit, fitByPath) : undefined;
    const changed = previous !== undefined || deps.some((d, i) => d !== unit.deps[i]);
    const out: U = changed
      ? {
          ...unit,
          id: contentId([unit.id, deps, previous?.id ?? null, previous === undefined ? null : warm]),
          deps: previous === undefined ? deps : [...deps, previous.id],
          ...(previous === undefined ? {} : { warmFrom: previous.id }),
        }
      : unit;
    if (out.id !== unit.id) renamed.set(unit.id, out.id);
    if (out.kind === 'fit') fitByPath.set(out.path, out);
    return out;
  });
}

function previousFit<U extends ChainedUnit>(unit: U, fitByPath: ReadonlyMap<string, U>): U | undefined {
  const path = previousBlockPath(unit.path);
  return path === null ? undefined : fitByPath.get(path);
}
