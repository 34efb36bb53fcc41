/**
 * The one configuration of an experiment run, neuralhydrology-style: a profile file from the repo
 * (profiles/<name>.yaml), overridden by a user config (YAML or JSON) and by CLI flags, validated here.
 */
import { z } from 'zod';
import { BACKEND_CHOICES } from '@fluxscale/models';

const modelKinds = ['lstm', 'fnn', 'lasso', 'svr', 'rf'] as const;
const taskNames = ['raw', 'seasonal', 'iav', 'trend'] as const;

const paramValue = z.union([z.number(), z.string(), z.boolean()]);
const paramRange = z.union([
  z.object({ type: z.literal('int'), min: z.number(), max: z.number(), log: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('float'), min: z.number(), max: z.number(), log: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('choice'), values: z.array(paramValue).min(1) }).strict(),
]);

const resources = z
  .object({
    cpus: z.number().int().min(1),
    /** Memory per unit, in sbatch syntax (e.g. 4G). */
    memory: z.string().regex(/^\d+[KMGT]?$/, 'memory like 4G or 4000M'),
    /** Time limit per unit, in sbatch syntax (e.g. 01:00:00). */
    time: z.string().regex(/^(\d+-)?\d{1,2}(:\d{2}){0,2}$/, 'time like 01:00:00 or 1-00:00:00'),
    /** GPUs per unit (--gres=gpu:N); 0 = none. */
    gpus: z.number().int().min(0),
  })
  .strict();

export const configSchema = z
  .object({
    /** Profile name, recorded in the manifest. */
    profile: z.string(),
    /** Seed of every random draw of the run (search, initialisation, shuffling, subsampling). */
    seed: z.number().int().nonnegative(),
    /** TensorFlow.js backend: auto picks the fastest that loads. */
    backend: z.enum(BACKEND_CHOICES),
    /**
     * Threads of the fused LSTM kernel in every unit. Fixed per run (null = the planning machine's
     * cores, resolved into config.json) so that every executor sums gradients the same way and
     * computes identical numbers.
     */
    threads: z.number().int().min(1).nullable(),
    data: z
      .object({
        /** Directory of FLUXNET2015 daily files; null = the bundled sample. */
        dir: z.string().nullable(),
        /** Site metadata CSV (site_id, igbp, lat, lon); null = the directory's own. */
        meta: z.string().nullable(),
        target: z.string().min(1),
        drivers: z.array(z.string().min(1)).min(1),
        minYears: z.number().int().positive(),
        /** Keep only these sites (null = all usable). */
        sites: z.array(z.string()).nullable(),
        /** Mask NEE days whose QC fraction is below this (null = off, as in the paper). */
        qcThreshold: z.number().min(0).max(1).nullable(),
      })
      .strict(),
    windows: z
      .object({
        /** Days per input window. */
        length: z.number().int().min(1),
        /** Fraction of each site's target days used for training (chronological). */
        trainFraction: z.number().gt(0).lt(1),
        /** Keep every k-th training window (1 = all). */
        trainStride: z.number().int().min(1),
        /** Keep every k-th test window when scoring (1 = all). */
        testStride: z.number().int().min(1),
      })
      .strict(),
    ssa: z
      .object({
        /** full = decompose the whole record (the paper); train-only = leakage-free. */
        mode: z.enum(['full', 'train-only']),
        /** SSA window in days (null = the package default, 1461 capped at N/2). */
        window: z.number().int().min(2).nullable(),
        /** Number of eigentriples (null = the package default). */
        rank: z.number().int().min(1).nullable(),
      })
      .strict(),
    models: z.array(z.enum(modelKinds)).min(1),
    tasks: z.array(z.enum(taskNames)).min(1),
    search: z
      .object({
        /** Random-search trials per group × model × task, for all models or per model (1 = no search). */
        trials: z.union([z.number().int().min(1), z.partialRecord(z.enum(modelKinds), z.number().int().min(1))]),
        folds: z.number().int().min(2),
        /** Fixed hyper-parameters per model, applied on top of every trial. */
        fixed: z.partialRecord(z.enum(modelKinds), z.record(z.string(), paramValue)),
        /** Search spaces per model replacing the package defaults. */
        spaces: z.partialRecord(z.enum(modelKinds), z.record(z.string(), paramRange)),
      })
      .strict(),
    /** Settings of the figures (`experiment fig3|fig5|wavelet|fig6|fig7`, and `all`). */
    figures: z
      .object({
        /** Example site of the wavelet figure (null = the first CRO site planned, FR-Gri in the paper, else the first site). */
        site: z.string().nullable(),
        /** Monte Carlo surrogate pairs of the wavelet-coherence significance (Grinsted et al. use 300). */
        surrogates: z.number().int().min(2),
        /** GradientSHAP (Fig. 6): test windows explained per model, gradient samples per window, background windows. */
        shap: z
          .object({ windows: z.number().int().min(1), samples: z.number().int().min(1), background: z.number().int().min(1) })
          .strict(),
        /** Factorial responses (Fig. 7): grid cells per axis, test windows per model, ecosystem groups (those present are drawn). */
        factorial: z
          .object({ grid: z.number().int().min(2), windows: z.number().int().min(1), groups: z.array(z.string()).min(1) })
          .strict(),
      })
      .strict()
      .default({
        site: null,
        surrogates: 30,
        shap: { windows: 64, samples: 20, background: 32 },
        factorial: { grid: 12, windows: 128, groups: ['GRA', 'DBF', 'ENF+EBF'] },
      }),
    /** Slurm settings of `--executor slurm` (ignored by the local executor). */
    cluster: z
      .object({
        partition: z.string().nullable(),
        account: z.string().nullable(),
        /** Array tasks of one stage running at once (the %throttle of --array). */
        throttle: z.number().int().min(1),
        /** Shell lines run before each unit (e.g. `module load nodejs/20`). */
        setup: z.array(z.string()),
        /** Extra sbatch options, one per entry (e.g. `--qos=short`). */
        sbatch: z.array(z.string()),
        resources: z
          .object({
            /** Units without a neural network. */
            default: resources,
            /** LSTM / FNN units (tune, fit, cross). */
            neural: resources,
          })
          .strict(),
      })
      .strict(),
  })
  .strict();

/** A validated, fully resolved run configuration. */
export type RunConfig = z.infer<typeof configSchema>;
export type ModelKind = (typeof modelKinds)[number];
export type TaskName = (typeof taskNames)[number];
export const MODEL_KINDS: readonly ModelKind[] = modelKinds;
