/**
 * The conformance check every model kind passes: what the rest of fluxscale assumes of a registry
 * entry, tried on real samples. A model of your own (see template.ts) is ready for the CLI when
 * `checkModel(spec, { train })` resolves.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WindowSource } from '@fluxscale/data';
import { ModelError } from './errors.js';
import type { Params } from './params.js';
import type { ModelSpec, Regressor } from './regressor.js';
import { summariseWindows } from './baselines/summary.js';
import type { SummaryFitting } from './baselines/summary-regressor.js';

/** Options of {@link checkModel}. */
export interface CheckModelOptions {
  /** Training samples: a few hundred are enough. */
  readonly train: WindowSource;
  /** Samples to predict (default: `train`). */
  readonly test?: WindowSource;
  /** Hyper-parameters of the fits, over the spec's defaults (default: the spec's `quickParams`). */
  readonly params?: Params;
  /** Seed of the fits (default 1). */
  readonly seed?: number;
}

/** The outcome of one check. */
export interface ModelCheck {
  /** What was checked, e.g. 'same seed, same predictions'. */
  readonly name: string;
  /** Why it failed; absent when it passed. */
  readonly failure?: string;
}

/** A model kind that failed its conformance check; `checks` lists every check, passed or not. */
export class ModelCheckError extends ModelError {
  /** Every check run, in order, with the failures' reasons. */
  readonly checks: readonly ModelCheck[];

  constructor(kind: string, checks: readonly ModelCheck[]) {
    const failed = checks.filter((c) => c.failure !== undefined);
    super('nonconformant', `model kind '${kind}' fails ${failed.length} of ${checks.length} checks:\n${failed.map((c) => `  - ${c.name}: ${c.failure}`).join('\n')}`, kind);
    this.checks = checks;
  }
}

/** Whether two prediction arrays are equal value for value (NaN equal to NaN). */
function samePredictions(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

/** The message of a thrown value. */
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** `failure` unless `condition` holds. */
const unless = (condition: boolean, failure: string): string | undefined => (condition ? undefined : failure);

/**
 * Checks that `spec` behaves as every registry entry must, fitting it a few times on `options.train`:
 * - an unknown hyper-parameter is refused (ModelError 'unknown-param');
 * - predict before fit is refused (ModelError 'not-fitted');
 * - fit reports epochs ≥ 1, a finite loss and its seconds; predict gives one finite value per sample;
 * - the same seed gives bit-identical predictions;
 * - save → load gives a model of the same kind and params with bit-identical predictions;
 * - abort is honoured: an aborted signal makes fit reject, and no epoch is reported after an abort;
 * - a spec of engine 'summary' fits and predicts on a window summary as on the windows.
 * Resolves with the checks when all pass; rejects with a {@link ModelCheckError} listing the failures.
 */
export async function checkModel(spec: ModelSpec, options: CheckModelOptions): Promise<readonly ModelCheck[]> {
  const { train } = options;
  const test = options.test ?? train;
  const params = options.params ?? spec.quickParams ?? {};
  const seed = options.seed ?? 1;
  const create = (): Regressor => spec.create(params, { seed });
  const checks: ModelCheck[] = [];
  const check = async (name: string, run: () => Promise<string | undefined> | string | undefined): Promise<void> => {
    let failure: string | undefined;
    try {
      failure = await run();
    } catch (error) {
      failure = `threw ${messageOf(error)}`;
    }
    checks.push(failure === undefined ? { name } : { name, failure });
  };

  await check('an unknown hyper-parameter is refused', () => {
    try {
      spec.create({ ...params, notAHyperParameter: 1 }, { seed });
    } catch (error) {
      return unless(error instanceof ModelError && error.code === 'unknown-param', `threw ${messageOf(error)} instead of a ModelError 'unknown-param'`);
    }
    return "create accepted the hyper-parameter 'notAHyperParameter'";
  });

  await check('predict before fit is refused', async () => {
    try {
      await create().predict(test);
    } catch (error) {
      return unless(error instanceof ModelError && error.code === 'not-fitted', `rejected with ${messageOf(error)} instead of a ModelError 'not-fitted'`);
    }
    return 'an unfitted model predicted';
  });

  const fitted = create();
  let predicted: Float32Array | null = null;
  await check('fit and predict shapes', async () => {
    const report = await fitted.fit(train);
    if (fitted.kind !== spec.kind) return `the model says kind '${fitted.kind}', the spec '${spec.kind}'`;
    const unknown = Object.keys(fitted.params).filter((name) => !Object.hasOwn(spec.params, name));
    if (unknown.length > 0) return `the model's params hold ${unknown.join(', ')}, which the spec's schema does not`;
    if (!(Number.isInteger(report.epochs) && report.epochs >= 1)) return `fit reported ${report.epochs} epochs`;
    if (!Number.isFinite(report.loss)) return `fit reported the loss ${report.loss}`;
    if (!(report.seconds >= 0)) return `fit reported ${report.seconds} seconds`;
    predicted = await fitted.predict(test);
    if (!(predicted instanceof Float32Array) || predicted.length !== test.size) return `predict gave ${predicted?.length} values for ${test.size} samples`;
    const bad = predicted.findIndex((v) => !Number.isFinite(v));
    return unless(bad < 0, `prediction ${bad} is ${predicted[bad]}`);
  });

  await check('same seed, same predictions', async () => {
    if (predicted === null) return 'no predictions to compare (fit failed)';
    const again = create();
    await again.fit(train);
    return unless(samePredictions(await again.predict(test), predicted), `a second fit with seed ${seed} predicts differently`);
  });

  await check('save → load → identical predictions', async () => {
    if (predicted === null) return 'no fitted model to save (fit failed)';
    const dir = await mkdtemp(join(tmpdir(), `fluxscale-check-${spec.kind}-`));
    try {
      await fitted.save(join(dir, 'model'));
      const loaded = await spec.load(join(dir, 'model'));
      if (loaded.kind !== spec.kind) return `the loaded model says kind '${loaded.kind}'`;
      if (JSON.stringify(loaded.params) !== JSON.stringify(fitted.params)) return `the loaded params ${JSON.stringify(loaded.params)} differ from ${JSON.stringify(fitted.params)}`;
      return unless(samePredictions(await loaded.predict(test), predicted), 'the loaded model predicts differently');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  await check('abort is honoured', async () => {
    const before = new AbortController();
    before.abort();
    try {
      await create().fit(train, { signal: before.signal });
      return 'fit with an aborted signal resolved';
    } catch (error) {
      if (error !== before.signal.reason) return `fit with an aborted signal rejected with ${messageOf(error)}, not the signal's reason`;
    }
    const during = new AbortController();
    let afterAbort = 0;
    const fit = create().fit(train, {
      signal: during.signal,
      onProgress: () => {
        if (during.signal.aborted) afterAbort++;
        during.abort();
      },
    });
    await fit.catch((error: unknown) => {
      if (error !== during.signal.reason) throw error;
    });
    return unless(afterAbort === 0, `fit went on for ${afterAbort} more epochs after the abort`);
  });

  if (spec.engine === 'summary') {
    await check("engine 'summary': fits and predicts on a window summary", async () => {
      const model = create() as Regressor & Partial<SummaryFitting>;
      if (typeof model.fitSummary !== 'function' || typeof model.predictSummary !== 'function') return 'the model has no fitSummary and predictSummary';
      if (predicted === null) return 'no predictions to compare (fit failed)';
      await model.fitSummary(summariseWindows(train), { featureNames: train.featureNames, window: train.window, scaler: train.scaler });
      return unless(samePredictions(model.predictSummary(summariseWindows(test)), predicted), 'predictions from the summary differ from those from the windows');
    });
  }

  if (checks.some((c) => c.failure !== undefined)) throw new ModelCheckError(spec.kind, checks);
  return checks;
}
