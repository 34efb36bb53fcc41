/**
 * The one configuration of an experiment run, neuralhydrology-style: a profile file from the repo
 * (profiles/<name>.yaml), overridden by a user config (YAML or JSON) and by CLI flags, validated here.
 * The model names and each model's fixed hyper-parameters are checked against the model registry
 * when a config is read, so a bad value fails before any unit runs.
 */
import { DEFAULT_OUT_OF_RANGE, DEFAULT_SITE_FORMAT, OUT_OF_RANGE_POLICIES, siteReaders, type OutOfRangePolicy } from '@fluxscale/data';
import { TASKS, type GuidedBand, type Task } from '@fluxscale/decomposition';
import { BACKEND_CHOICES, modelKinds, modelSpec, type ParamDefinition } from '@fluxscale/models';
import { z } from 'zod';
import { loadPlugins } from './plugins.js';

/** How each site is split into training and test days, or the sites into folds (see `evaluation.scheme`). */
export const EVALUATION_SCHEMES = ['chronological', 'rolling-origin', 'leave-site-out'] as const;
export type EvaluationScheme = (typeof EVALUATION_SCHEMES)[number];

/** `evaluation.folds` when a scheme is chosen by the --scheme flag: rolling-origin test blocks, or leave-site-out site folds. */
export const DEFAULT_FOLDS: Readonly<Record<EvaluationScheme, number>> = { chronological: 4, 'rolling-origin': 4, 'leave-site-out': 5 };

/** Which sites one model learns from: per-group = one model per ecosystem group (the paper's); pooled = one model for all sites with the IGBP class as a one-hot input (FLUXCOM's). */
export const GROUPINGS = ['per-group', 'pooled'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** The metrics a band's verdict may be declared on: signed Pearson r, or MSE skill over the no-skill baseline. */
export const PRIMARY_METRICS = ['r', 'msess'] as const;
export type PrimaryMetric = (typeof PRIMARY_METRICS)[number];

const primaryMetric = (band: GuidedBand) => z.enum(PRIMARY_METRICS).describe(`the ${band} band's primary metric`);

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

/** A record keyed by registered model kind (each key optional), each entry described by `meaning(kind)`. */
function perModel<T extends z.ZodType>(value: (kind: string) => T, meaning: (kind: string) => string) {
  return z.object(Object.fromEntries(modelKinds().map((kind) => [kind, value(kind).describe(meaning(kind)).optional()]))).strict();
}
const paramRange = z.union([
  z.object({ type: z.literal('int'), min: z.number(), max: z.number(), log: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('float'), min: z.number(), max: z.number(), log: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('choice'), values: z.array(paramValue).min(1) }).strict(),
]);

const resources = z
  .object({
    cpus: z.number().int().min(1).describe('CPU cores per unit (--cpus-per-task)'),
    memory: z.string().regex(/^\d+[KMGT]?$/, 'memory like 4G or 4000M').describe('memory per unit, in sbatch syntax (e.g. 4G)'),
    time: z
      .string()
      .regex(/^(\d+-)?\d{1,2}(:\d{2}){0,2}$/, 'time like 01:00:00 or 1-00:00:00')
      .describe('time limit per unit, in sbatch syntax (e.g. 01:00:00)'),
    gpus: z.number().int().min(0).describe('GPUs per unit (--gres=gpu:N); 0 = none'),
  })
  .strict();

/**
 * The schema of a run configuration, built from the model registry as it is now. Every key carries
 * its meaning (`.describe()`), which `fluxscale init` writes beside it into a commented config.
 */
export function runConfigSchema() {
  const modelKind = z.enum(modelKinds() as [string, ...string[]]);
  return z
    .object({
      profile: z.string().describe('profile name, recorded in the manifest and in the default run directory name'),
      plugins: z
        .array(z.string().min(1))
        .describe('plugins: JavaScript files exporting `models` (model specs) and/or `siteReaders` (site file readers), loaded before `models` and `data.format` are checked (relative paths: from the config file)')
        .default([]),
      seed: z.number().int().nonnegative().describe('seed of every random draw of the run (search, initialisation, shuffling, subsampling)'),
      backend: z.enum(BACKEND_CHOICES).describe('TensorFlow.js backend: auto picks the fastest that loads'),
      threads: z
        .number()
        .int()
        .min(1)
        .nullable()
        .describe(
          "threads of the fused LSTM kernel in every unit, fixed per run so that every executor computes identical numbers (null = the planning machine's cores)",
        ),
      data: z
        .object({
          dir: z.string().nullable().describe('directory of the site files (FLUXNET2015 daily files FLX_<site>_FLUXNET2015_*_DD_*.csv[.gz|.zip] unless data.format says otherwise); null = the bundled sample'),
          format: z
            .enum(siteReaders().map((r) => r.format) as [string, ...string[]])
            .describe('the format of the site files: the name of a registered reader (fluxnet2015-dd = FLUXNET2015 daily files; oneflux-hh = ONEFlux half-hourly or hourly files, aggregated to daily values)')
            .default(DEFAULT_SITE_FORMAT),
          meta: z.string().nullable().describe("site metadata CSV (site_id, igbp, lat, lon); null = the directory's own (fluxscale.json or sites.csv)"),
          target: z.string().min(1).describe('target variable (gC m-2 d-1)'),
          drivers: z.array(z.string().min(1)).min(1).describe('driver variables, the model inputs'),
          minYears: z.number().int().positive().describe('fewest consecutive usable years a site needs'),
          sites: z.array(z.string()).nullable().describe('keep only these sites (null = all usable)'),
          qcThreshold: z.number().min(0).max(1).nullable().describe('mask target days whose QC fraction is below this (null = off, as in the paper)'),
          outOfRange: z
            .enum(OUT_OF_RANGE_POLICIES as [OutOfRangePolicy, ...OutOfRangePolicy[]])
            .describe("a value outside its variable's plausible range: missing = read as missing, reported per site and gap-filled; error = stop, naming the file, line and column")
            .default(DEFAULT_OUT_OF_RANGE),
        })
        .strict()
        .describe('the data: where the site files are, their format, and which variables and sites to use'),
      windows: z
        .object({
          length: z.number().int().min(1).describe('days per input window'),
          trainFraction: z.number().gt(0).lt(1).describe("fraction of each site's target days used for training (chronological)"),
          trainStride: z.number().int().min(1).describe('keep every k-th training window (1 = all)'),
          testStride: z.number().int().min(1).describe('keep every k-th test window when scoring (1 = all)'),
        })
        .strict()
        .describe('the input windows and the train/test split'),
      evaluation: z
        .object({
          scheme: z
            .enum(EVALUATION_SCHEMES)
            .describe(
              "chronological = one split, the first windows.trainFraction of each record trains and the rest tests (the paper's); rolling-origin = the first initialTrain of each record only trains, the rest is cut into `folds` consecutive test blocks, each predicted by a model trained on every day before it; leave-site-out = the sites are dealt into `folds` site folds within each ecosystem group (seeded), each fold's sites predicted over their whole records by a model trained on the other sites' whole records (unseen sites, FLUXCOM-style)",
            ),
          initialTrain: z.number().gt(0).lt(1).describe('rolling-origin: share of the target days only trained on (never less than two years)'),
          folds: z
            .number()
            .int()
            .min(1)
            .describe('rolling-origin: consecutive test blocks after the initial training part (4 when --scheme picks it); leave-site-out: site folds, at least 2 (5 when --scheme picks it); a group of fewer sites than folds leaves one site out at a time'),
          warmStart: z
            .object({ epochs: z.number().int().min(1).describe("epochs of a warm-started fit (the model's epochs cap for block 0)") })
            .strict()
            .nullable()
            .default(null)
            .describe("rolling-origin: each later block's fit of a model that supports it (the LSTM, the FNN) starts from the previous block's weights and trains for `epochs`; null = every block from scratch"),
        })
        .strict()
        .describe('how each site is split into training and test days')
        .default({ scheme: 'chronological', initialTrain: 0.4, folds: 4, warmStart: null }),
      grouping: z
        .enum(GROUPINGS)
        .describe("per-group = one model per ecosystem group (the paper's); pooled = one model for all sites, the IGBP class a one-hot input beside the drivers (FLUXCOM's)")
        .default('per-group'),
      ssa: z
        .object({
          mode: z.enum(['full', 'train-only']).describe('full = decompose the whole record (the paper); train-only = leakage-free'),
          window: z.number().int().min(2).nullable().describe('SSA window in days (null = the package default, 1461 capped at N/2)'),
          rank: z.number().int().min(1).nullable().describe('number of eigentriples (null = the package default)'),
        })
        .strict()
        .describe('the singular spectrum analysis that splits each series into seasonal, inter-annual and trend bands'),
      models: z.array(modelKind).min(1).describe('the models to train'),
      tasks: z.array(z.enum(TASKS as [Task, ...Task[]])).min(1).describe('what each model is trained on: raw NEE or one band'),
      search: z
        .object({
          trials: z
            .union([z.number().int().min(1), perModel(() => z.number().int().min(1), (kind) => `trials of ${kind}`)])
            .describe('random-search trials per group × model × task, for all models or per model (1 = the defaults, no search)'),
          folds: z.number().int().min(2).describe('blocked cross-validation folds per trial'),
          fixed: perModel(fixedParams, (kind) => `fixed hyper-parameters of ${kind}`).describe('fixed hyper-parameters per model, applied on top of every trial (a fixed one is not searched)'),
          spaces: perModel(() => z.record(z.string(), paramRange), (kind) => `search space of ${kind}`).describe(
            'search spaces per model replacing the package defaults: { name: { type: int | float, min, max, log? } or { type: choice, values } }',
          ),
        })
        .strict()
        .describe('the hyper-parameter search'),
      verdict: z
        .object({
          modes: z.array(z.enum(['full', 'train-only'])).min(1).describe('SSA modes compared: full (the paper) and train-only (leakage-free)'),
          seeds: z
            .union([z.number().int().min(1), perModel(() => z.number().int().min(1), (kind) => `seed replicates of ${kind}`)])
            .describe('seed replicates (K) of every fit, for all models or per model; seeds are averaged within a site before the bootstrap'),
          models: z.array(modelKind).min(1).describe('models compared guided against unguided: the LSTM and the controls'),
          primary: z
            .object({ seasonal: primaryMetric('seasonal'), iav: primaryMetric('iav') } satisfies Record<GuidedBand, z.ZodType>)
            .strict()
            .describe("per band, the metric a cell's verdict comes from: r = signed Pearson r; msess = MSE skill over the no-skill baseline (1 − MSE / MSE of the baseline)")
            .default({ seasonal: 'r', iav: 'r' }),
          bootstrap: z
            .object({
              resamples: z.number().int().min(2000).describe('site-bootstrap resamples (at least 2000)'),
              level: z.number().gt(0).lt(1).describe('confidence level of the intervals'),
              seed: z.number().int().nonnegative().describe('seed of the resampling'),
            })
            .strict()
            .describe('the site-level (cluster) bootstrap of the mean difference'),
        })
        .strict()
        .describe('experiment verdict: guided band models against the unguided model decomposed into the bands, per SSA mode and seed replicate')
        .default({
          modes: ['full', 'train-only'],
          seeds: { lstm: 5, lasso: 1, rf: 2 },
          models: ['lstm', 'lasso', 'rf'],
          primary: { seasonal: 'r', iav: 'r' },
          bootstrap: { resamples: 2000, level: 0.95, seed: 1 },
        }),
      figures: z
        .object({
          site: z.string().nullable().describe('example site of the wavelet figure (null = the first CRO site planned, FR-Gri in the paper, else the first site)'),
          surrogates: z.number().int().min(2).describe('Monte Carlo surrogate pairs of the wavelet-coherence significance (Grinsted et al. use 300)'),
          shap: z
            .object({
              windows: z.number().int().min(1).describe('test windows explained per model'),
              samples: z.number().int().min(1).describe('gradient samples per window'),
              background: z.number().int().min(1).describe('background windows'),
            })
            .strict()
            .describe('GradientSHAP driver shares (Fig. 6)'),
          factorial: z
            .object({
              grid: z.number().int().min(2).describe('grid cells per axis'),
              windows: z.number().int().min(1).describe('test windows per model'),
              groups: z.array(z.string()).min(1).describe('ecosystem groups (those present are drawn)'),
            })
            .strict()
            .describe('factorial response surfaces (Fig. 7)'),
        })
        .strict()
        .describe('settings of the figures (experiment fig3, fig5, wavelet, fig6, fig7 and all)')
        .default({
          site: null,
          surrogates: 30,
          shap: { windows: 64, samples: 20, background: 32 },
          factorial: { grid: 12, windows: 128, groups: ['GRA', 'DBF', 'ENF+EBF'] },
        }),
      cluster: z
        .object({
          partition: z.string().nullable().describe('Slurm partition (--partition; null = the cluster default)'),
          account: z.string().nullable().describe('Slurm account (--account; null = none)'),
          throttle: z.number().int().min(1).describe('array tasks of one stage running at once (the %throttle of --array)'),
          setup: z.array(z.string()).describe('shell lines run before each unit (e.g. module load nodejs/20)'),
          sbatch: z.array(z.string()).describe('extra sbatch options, one per entry (e.g. --qos=short)'),
          resources: z
            .object({
              default: resources.describe('units without a neural network (prepare, LASSO / SVR / RF, score)'),
              neural: resources.describe('LSTM / FNN units (tune, fit, cross)'),
            })
            .strict()
            .describe('resources per unit'),
        })
        .strict()
        .describe('Slurm settings of --executor slurm (ignored by the local executor)'),
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

/** Validates a resolved configuration (e.g. a run's config.json), after loading its plugins, and returns it typed. */
export function parseRunConfig(value: unknown): RunConfig {
  loadPlugins(pluginsOf(value));
  return runConfigSchema().parse(value) as RunConfig;
}

/** The plugin files a config names, or none where `plugins` is not a list of names (the schema then says why). */
export function pluginsOf(config: unknown): string[] {
  const plugins = (config as { plugins?: unknown } | null)?.plugins;
  return Array.isArray(plugins) && plugins.every((p) => typeof p === 'string') ? plugins : [];
}
