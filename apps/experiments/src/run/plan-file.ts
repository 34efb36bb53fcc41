/**
 * Reading a run directory back: its config, its plan (units.jsonl) and the plan's stages, with the
 * checks that refuse a run directory written by another version of fluxscale.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { configSchema, type RunConfig } from '../config/schema.js';
import { STAGES, type ExperimentName, type Unit, type UnitKind } from '../pipeline/plan.js';
import { packageVersions } from './manifest.js';

/** A run directory as planned. */
export interface PlannedRun {
  readonly runDir: string;
  readonly experiment: ExperimentName;
  readonly config: RunConfig;
  readonly units: readonly Unit[];
}

/** Reads a run directory's config, manifest and plan; refuses one made by other package versions. */
export function readPlannedRun(dir: string): PlannedRun {
  const runDir = resolve(dir);
  for (const name of ['config.json', 'manifest.json', 'units.jsonl']) {
    if (!existsSync(join(runDir, name))) throw new Error(`${runDir} is not a planned fluxscale run: ${name} is missing`);
  }
  const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as { experiment: ExperimentName; versions: Record<string, string> };
  const ours = packageVersions();
  const differ = Object.keys(ours).filter((k) => manifest.versions?.[k] !== ours[k]);
  if (differ.length > 0) {
    throw new Error(
      `${runDir} was planned with ${differ.map((k) => `${k}@${manifest.versions?.[k] ?? '?'}`).join(', ')} but this is ` +
        `${differ.map((k) => `${k}@${ours[k]}`).join(', ')}: plan a new run directory`,
    );
  }
  const config = configSchema.parse(JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8')));
  const units = readFileSync(join(runDir, 'units.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Unit);
  return { runDir, experiment: manifest.experiment, config, units };
}

/** The units of one stage, in plan order (their position is the index `run-unit --index` takes). */
export function stageUnits(units: readonly Unit[], stage: UnitKind): Unit[] {
  return units.filter((u) => u.kind === stage);
}

/** Parses a stage name, naming the valid ones when it is not. */
export function parseStage(value: string): UnitKind {
  if (!(STAGES as readonly string[]).includes(value)) throw new Error(`--stage must be one of ${STAGES.join(', ')}, got '${value}'`);
  return value as UnitKind;
}
