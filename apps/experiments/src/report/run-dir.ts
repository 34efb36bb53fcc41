/**
 * What the HTML report reads from a run directory: the manifest, the resolved config, the scores
 * written by the score stage and the figure records. Missing or malformed input stops with a
 * {@link ReportInputError} naming the file.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readFigureRecords, type FigureRecord } from '../figures/record.js';
import type { DriversFile } from '../pipeline/drivers.js';
import type { UnseenSitesFile } from '../pipeline/unseen-sites.js';
import type { VerdictFile } from '../pipeline/verdict.js';
import type { CrossScore, PooledScore } from '../pipeline/tables.js';

/** Bad input to the report: a missing run directory or an unreadable file, named in the message. */
export class ReportInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportInputError';
  }
}

/** The scores of a run (metrics.json, written by the score stage); per-site rows are not used here. */
export interface RunMetrics {
  /** Every model on every task, guided and unguided (the unguided model's bands decomposed by SSA). */
  readonly pooled: readonly PooledScore[];
  /** Table 2: each band LSTM on each band. */
  readonly cross: readonly CrossScore[];
  /** Table S1: the guided band predictions summed and scored on raw NEE. */
  readonly recombined: readonly PooledScore[];
}

/** A site of the run as the manifest lists it. */
export interface ManifestSite {
  readonly site: string;
  readonly group?: string;
  readonly igbp?: string;
  readonly lat?: number;
  readonly lon?: number;
}

/** RUN_DIR/manifest.json as `fluxscale experiment` writes it; every field but the experiment may be absent (a run still going). */
export interface RunManifest {
  readonly experiment: string;
  readonly profile?: string;
  readonly createdAt?: string;
  readonly finishedAt?: string;
  readonly versions?: Readonly<Record<string, string>>;
  readonly gitCommit?: string | null;
  readonly node?: string;
  readonly seed?: number;
  readonly data?: { readonly dir?: string; readonly target?: string; readonly drivers?: readonly string[] };
  readonly ssa?: Readonly<Record<string, unknown>>;
  readonly sites?: readonly ManifestSite[];
  readonly skipped?: ReadonlyArray<{ readonly site: string; readonly reason: string }>;
  readonly units?: number;
  readonly backend?: string;
  readonly executor?: string;
  readonly jobs?: number;
  /** Wall-clock seconds of the whole run. */
  readonly seconds?: number;
  /** Wall-clock seconds per stage. */
  readonly stageSeconds?: Readonly<Record<string, number>>;
  readonly unitsRun?: number;
  readonly unitsCached?: number;
  readonly interrupted?: boolean;
  readonly failures?: ReadonlyArray<{ readonly unit: string; readonly id?: string; readonly message: string }>;
}

/** Everything the report shows of one run directory. */
export interface RunData {
  readonly runDir: string;
  readonly manifest: RunManifest;
  /** config.json, or null when the run has none. */
  readonly config: unknown;
  /** null when the run has not been scored yet. */
  readonly metrics: RunMetrics | null;
  /** Where the metrics were read from (null without metrics). */
  readonly metricsFile: string | null;
  readonly figures: readonly FigureRecord[];
  /** verdict.json of a verdict run, or null. */
  readonly verdict: VerdictFile | null;
  /** drivers.json of a drivers run, or null. */
  readonly drivers: DriversFile | null;
  /** unseen-sites.json of a leave-site-out run, or null. */
  readonly unseenSites: UnseenSitesFile | null;
  /** The scores of a chronological run of the same sites to show beside a leave-site-out run's (report --chronological), or null. */
  readonly chronological: RunMetrics | null;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ReportInputError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Where a run's metrics.json is: RUN_DIR/metrics.json, else the score unit's copy
 * RUN_DIR/score/<experiment>/metrics.json; null when neither exists.
 */
export function metricsFileOf(runDir: string, experiment: string): string | null {
  return [join(runDir, 'metrics.json'), join(runDir, 'score', experiment, 'metrics.json')].find((f) => existsSync(f)) ?? null;
}

function readMetrics(file: string): RunMetrics {
  const raw = readJson(file) as Partial<Record<keyof RunMetrics, unknown>>;
  for (const key of ['pooled', 'cross', 'recombined'] as const) {
    if (raw[key] !== undefined && !Array.isArray(raw[key])) throw new ReportInputError(`${file}: '${key}' must be a list`);
  }
  return { pooled: (raw.pooled ?? []) as PooledScore[], cross: (raw.cross ?? []) as CrossScore[], recombined: (raw.recombined ?? []) as PooledScore[] };
}

function checkFigure(runDir: string, record: FigureRecord): void {
  const file = join(runDir, 'figures', String(record.id), 'figure.json');
  for (const key of ['panels', 'data', 'findings'] as const) {
    if (!Array.isArray(record[key])) throw new ReportInputError(`${file}: '${key}' must be a list`);
  }
  record.panels.forEach((p, k) => {
    if (typeof p?.file !== 'string' || p.file === '') throw new ReportInputError(`${file}: panels[${k}].file must be a file name`);
  });
}

/** The metrics of a run directory named by `flag`, for showing beside another run's; a ReportInputError when it has none. */
export function readRunMetrics(runDir: string, flag: string): RunMetrics {
  const manifestFile = join(runDir, 'manifest.json');
  if (!existsSync(manifestFile)) throw new ReportInputError(`${flag} ${runDir} is not a run directory: it has no manifest.json`);
  const file = metricsFileOf(runDir, (readJson(manifestFile) as RunManifest).experiment);
  if (!file) throw new ReportInputError(`${flag} ${runDir} has no metrics.json: it has not been scored yet`);
  return readMetrics(file);
}

/** Reads a run directory for the report; throws {@link ReportInputError} when it is missing or not a run. */
export function readRunDir(runDir: string, chronologicalDir?: string): RunData {
  if (!existsSync(runDir) || !statSync(runDir).isDirectory()) throw new ReportInputError(`run directory not found: ${runDir}`);
  const manifestFile = join(runDir, 'manifest.json');
  if (!existsSync(manifestFile)) throw new ReportInputError(`${runDir} is not a run directory: it has no manifest.json`);
  const manifest = readJson(manifestFile) as RunManifest;
  if (typeof manifest?.experiment !== 'string') throw new ReportInputError(`${manifestFile}: 'experiment' is missing`);
  const configFile = join(runDir, 'config.json');
  const metricsFile = metricsFileOf(runDir, manifest.experiment);
  let figures: FigureRecord[];
  try {
    figures = readFigureRecords(runDir);
  } catch (err) {
    throw new ReportInputError(`cannot read the figure records under ${join(runDir, 'figures')}: ${err instanceof Error ? err.message : String(err)}`);
  }
  for (const f of figures) checkFigure(runDir, f);
  return {
    runDir,
    manifest,
    config: existsSync(configFile) ? readJson(configFile) : null,
    metrics: metricsFile ? readMetrics(metricsFile) : null,
    metricsFile,
    figures,
    verdict: existsSync(join(runDir, 'verdict.json')) ? (readJson(join(runDir, 'verdict.json')) as VerdictFile) : null,
    drivers: existsSync(join(runDir, 'drivers.json')) ? (readJson(join(runDir, 'drivers.json')) as DriversFile) : null,
    unseenSites: existsSync(join(runDir, 'unseen-sites.json')) ? (readJson(join(runDir, 'unseen-sites.json')) as UnseenSitesFile) : null,
    chronological: chronologicalDir ? readRunMetrics(chronologicalDir, '--chronological') : null,
  };
}
