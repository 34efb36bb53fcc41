/**
 * The Slurm executor: one sbatch script per stage (and per resource class within a stage) under
 * RUN_DIR/slurm/, each an array job over the stage's pending units, chained with
 * --dependency=afterok on the previous stage; submitted with `sbatch --parsable`. Each array task
 * runs `fluxscale run-unit` on its unit, so a cluster run computes exactly what a local run does.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { RunConfig } from '../config/schema.js';
import { STAGES, type Unit, type UnitKind } from '../pipeline/plan.js';
import { readJsonFile, writeFileAtomic, writeJsonAtomic } from '@fluxscale/util';
import { needsBackend } from '../pipeline/units.js';
import { isUnitDone } from './store.js';
import { stageWaves } from '../pipeline/waves.js';

/** One array job of the chain. */
export interface SlurmJob {
  readonly stage: UnitKind;
  /** The wave within the stage (see pipeline/waves.ts): 0 unless units of the stage need others of it. */
  readonly wave: number;
  readonly resourceClass: 'default' | 'neural';
  readonly script: string;
  /** Stage indices of the units it runs (the array indices). */
  readonly indices: readonly number[];
  jobId?: string;
}

/** Problems that stop the Slurm executor before anything is submitted. */
export class SlurmError extends Error {
  override readonly name = 'SlurmError';
}

/** Compresses sorted indices into Slurm's array syntax, e.g. [0,1,2,5] → "0-2,5". */
export function arraySpec(indices: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < indices.length; ) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j] + 1) j++;
    parts.push(i === j ? String(indices[i]) : `${indices[i]}-${indices[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** The text of one stage's sbatch script. `cli` is the absolute path of the fluxscale CLI (dist/cli.js). */
export function sbatchScript(config: RunConfig, runDir: string, job: Omit<SlurmJob, 'script'>, cli: string): string {
  const c = config.cluster;
  const r = c.resources[job.resourceClass];
  const lines = [
    '#!/bin/bash',
    `#SBATCH --job-name=fluxscale-${job.stage}${job.resourceClass === 'neural' ? '-nn' : ''}`,
    `#SBATCH --array=${arraySpec(job.indices)}%${c.throttle}`,
    `#SBATCH --output=${join(runDir, 'logs', `${job.stage}-%a.log`)}`,
    '#SBATCH --open-mode=append',
    `#SBATCH --cpus-per-task=${r.cpus}`,
    `#SBATCH --mem=${r.memory}`,
    `#SBATCH --time=${r.time}`,
    ...(c.partition ? [`#SBATCH --partition=${c.partition}`] : []),
    ...(c.account ? [`#SBATCH --account=${c.account}`] : []),
    ...(r.gpus > 0 ? [`#SBATCH --gres=gpu:${r.gpus}`] : []),
    ...c.sbatch.map((o) => `#SBATCH ${o}`),
    '',
    'set -euo pipefail',
    ...c.setup,
    `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} run-unit ${JSON.stringify(runDir)} --stage ${job.stage} --index "$SLURM_ARRAY_TASK_ID"`,
    '',
  ];
  return lines.join('\n');
}

/** Writes the scripts of every stage with pending units; returns the jobs in submission order. */
export function writeSlurmScripts(config: RunConfig, runDir: string, units: readonly Unit[], cli: string): SlurmJob[] {
  if (!isAbsolute(runDir)) throw new SlurmError(`the run directory must be an absolute path on a filesystem every node sees, got ${runDir}`);
  if (config.data.dir && !isAbsolute(config.data.dir)) throw new SlurmError(`data.dir must be an absolute path every node sees, got ${config.data.dir}`);
  mkdirSync(join(runDir, 'logs'), { recursive: true });
  const jobs: SlurmJob[] = [];
  for (const stage of STAGES) {
    const stageUnits = units.filter((u) => u.kind === stage);
    const index = new Map(stageUnits.map((u, i) => [u, i]));
    stageWaves(stageUnits).forEach((waveUnits, wave) => {
      for (const resourceClass of ['default', 'neural'] as const) {
        const indices = waveUnits.flatMap((u) => (needsBackend(u) === (resourceClass === 'neural') && !isUnitDone(runDir, u) ? [index.get(u)!] : []));
        if (indices.length === 0) continue;
        const script = join(runDir, 'slurm', `${stage}${wave > 0 ? `-wave-${wave}` : ''}${resourceClass === 'neural' ? '-neural' : ''}.sbatch`);
        writeFileAtomic(script, sbatchScript(config, runDir, { stage, wave, resourceClass, indices }, cli));
        jobs.push({ stage, wave, resourceClass, script, indices });
      }
    });
  }
  return jobs;
}

/** The sbatch command, or a clear error naming the executor and the ways out. */
export function findSbatch(): string {
  try {
    execFileSync('sbatch', ['--version'], { stdio: 'ignore' });
    return 'sbatch';
  } catch {
    throw new SlurmError(
      "--executor slurm: 'sbatch' was not found on PATH. Run on a Slurm login node, install Slurm's client " +
        '(Debian/Ubuntu: apt-get install slurm-client), or use --executor local',
    );
  }
}

/** Submits the jobs in order, each stage (each wave of a stage) depending (afterok) on every job of the one before. */
export function submitSlurmJobs(runDir: string, jobs: SlurmJob[]): SlurmJob[] {
  const sbatch = findSbatch();
  let previous: string[] = [];
  let currentStep: string | null = null;
  let current: string[] = [];
  for (const job of jobs) {
    const step = `${job.stage}/${job.wave}`;
    if (step !== currentStep) {
      if (current.length > 0) previous = current;
      current = [];
      currentStep = step;
    }
    const args = ['--parsable', ...(previous.length > 0 ? [`--dependency=afterok:${previous.join(':')}`] : []), job.script];
    job.jobId = execFileSync(sbatch, args, { encoding: 'utf8' }).trim().split(';')[0];
    current.push(job.jobId);
  }
  const record = join(runDir, 'slurm', 'jobs.json');
  const earlier = existsSync(record) ? readJobRecord(record) : [];
  writeJsonAtomic(record, [...earlier, ...jobs.map(({ stage, resourceClass, script, jobId, indices }) => ({ stage, resourceClass, script, jobId, units: indices.length, submittedAt: new Date().toISOString() }))]);
  return jobs;
}

/** The submitted jobs recorded in RUN_DIR/slurm/jobs.json. */
function readJobRecord(file: string): Array<{ jobId: string; stage: string }> {
  const jobs = readJsonFile<Array<{ jobId: string; stage: string }>>(file, 'delete it (it only lists the submitted jobs for fluxscale status; squeue --me shows them too)');
  if (!Array.isArray(jobs)) throw new SlurmError(`${file}: not a list of jobs; delete it (it only lists the submitted jobs for fluxscale status)`);
  return jobs;
}

/** States of the run's Slurm jobs from squeue/sacct where those exist: job id → state. */
export function slurmJobStates(runDir: string): Array<{ jobId: string; stage: string; state: string }> {
  const record = join(runDir, 'slurm', 'jobs.json');
  if (!existsSync(record)) return [];
  const jobs = readJobRecord(record);
  return jobs.map(({ jobId, stage }) => ({ jobId, stage, state: jobState(jobId) }));
}

function jobState(jobId: string): string {
  for (const [cmd, args] of [
    ['squeue', ['-h', '-j', jobId, '-o', '%T']],
    ['sacct', ['-n', '-X', '-P', '-j', jobId, '-o', 'State']],
  ] as const) {
    try {
      const states = execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean);
      if (states.length > 0) return [...new Set(states)].join(',');
    } catch {
      continue;
    }
  }
  return 'not in the queue (ended; no accounting to tell how)';
}
