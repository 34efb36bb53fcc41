/**
 * The one configuration of an experiment run, neuralhydrology-style: a profile file from the repo
 * (profiles/<name>.yaml), overridden by a user config (YAML or JSON) and by CLI flags, validated here.
 * The model names and each model's fixed hyper-parameters are checked against the model registry
 * when a config is read, so a bad value fails before any unit runs.
 */
import { DEFAULT_OUT_OF_RANGE, OUT_OF_RANGE_POLICIES, type OutOfRangePolicy } from '@fluxscale/data';
import { TASKS, type Task } from '@fluxscale/decomposition';
import { BACKEND_CHOICES, modelKinds, modelSpec, type ParamDefinition } from '@fluxscale/models';
import { z } from 'zod';

const paramValue = z.union([z.number(), z.string(), z.boolean()]);

/** The zod type of one hyper-parameter, from its registry definition. */
function paramType(definition: ParamDefinition): z.ZodType {
  if (definition.type === 'boolean') return z.boolean().describe(definition.description);
  if (definition.type === 'choice') return z.enum(definition.keywords as [string, ...string[]]).describe(definition.description);
  let n = definition.type === 'int' ? z.number().int() : z.number();
  if (definition.min !== undefined) n = definition.exclusiveMin ? n.gt(definition.min) : n.min(definition.min);
  if (definition.max !== undefined) n = n.max(definition.max);
  const keywords = definition.keywords ?? [];
  return (keywords.length > 0 ? z.union([n, z.enum(keywords as [string, ...string[]])]) : n).describe(definition.description);
}

/** The fixed hyper-parameters a config may set for one model kind: every key optional, unknown keys refused. */
function fixedParams(kind: string): z.ZodType {
  const spec = modelSpec(kind);
  return z.object(Object.fromEntries(Object.entries(spec.params).map(([name, d]) => [name, paramType(d).optional()]))).strict();
}

/** A record keyed by registered model kind (each key optional). */
function perModel<T extends z.ZodType>(value: (kind: string) => T) {
  return z.object(Object.fromEntries(modelKinds().map((kind) => [kind, value(kind).optional()]))).strict();
}
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

/** The schema of a run configuration, built from the model registry as it is now. */
export function runConfigSchema() {
  const modelKind = z.enum(modelKinds() as [string, ...string[]]);
  return z
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
          /**
           * A value outside its variable's plausible range: 'missing' = read as missing, reported per
           * site and gap-filled; 'error' = stop, naming the file, line and column.
           */
          outOfRange: z.enum(OUT_OF_RANGE_POLICIES as [OutOfRangePolicy, ...OutOfRangePolicy[]]).default(DEFAULT_OUT_OF_RANGE),
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
      models: z.array(modelKind).min(1),
      tasks: z.array(z.enum(TASKS as [Task, ...Task[]])).min(1),
      search: z
        .object({
          /** Random-search trials per group × model × task, for all models or per model (1 = no search). */
          trials: z.union([z.number().int().min(1), perModel(() => z.number().int().min(1))]),
          folds: z.number().int().min(2),
          /** Fixed hyper-parameters per model, applied on top of every trial. */
          fixed: perModel(fixedParams),
          /** Search spaces per model replacing the package defaults. */
          spaces: perModel(() => z.record(z.string(), paramRange)),
        })
        .strict(),
      /**
       * The verdict experiment (`experiment verdict`): guided band models against the unguided model
       * decomposed into the bands, per SSA mode and seed replicate, with site-bootstrap intervals.
       */
      verdict: z
        .object({
          /** SSA modes compared: full (the paper's) and train-only (leakage-free). */
          modes: z.array(z.enum(['full', 'train-only'])).min(1),
          /**
           * Seed replicates (K) of every fit, for all models or per model (e.g. fewer for a deterministic
           * control); seeds are averaged within a site before the bootstrap.
           */
          seeds: z.union([z.number().int().min(1), perModel(() => z.number().int().min(1))]),
          /** Models compared guided against unguided: the LSTM and the controls (e.g. LASSO, RF). */
          models: z.array(modelKind).min(1),
          /** Site-level (cluster) bootstrap of the mean difference: resamples (≥ 2000), confidence level and seed. */
          bootstrap: z
            .object({ resamples: z.number().int().min(2000), level: z.number().gt(0).lt(1), seed: z.number().int().nonnegative() })
            .strict(),
        })
        .strict()
        .default({ modes: ['full', 'train-only'], seeds: { lstm: 5, lasso: 1, rf: 2 }, models: ['lstm', 'lasso', 'rf'], bootstrap: { resamples: 2000, level: 0.95, seed: 1 } }),
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
}

/** A validated, fully resolved run configuration. */
export type RunConfig = Omit<z.infer<ReturnType<typeof runConfigSchema>>, 'search' | 'verdict'> & {
  verdict: Omit<z.infer<ReturnType<typeof runConfigSchema>>['verdict'], 'seeds'> & { seeds: number | Readonly<Record<string, number | undefined>> };
  search: {
    trials: number | Readonly<Record<string, number | undefined>>;
    folds: number;
    fixed: Readonly<Record<string, Readonly<Record<string, number | string | boolean | undefined>> | undefined>>;
    spaces: Readonly<Record<string, Readonly<Record<string, z.infer<typeof paramRange>>> | undefined>>;
  };
};

/** Validates a resolved configuration (e.g. a run's config.json) and returns it typed. */
export function parseRunConfig(value: unknown): RunConfig {
  return runConfigSchema().parse(value) as RunConfig;
}
