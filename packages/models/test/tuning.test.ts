import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lassoSpec } from '../src/baselines/lasso.js';
import { createRng } from '@fluxscale/util';
import { blockedFolds } from '../src/tuning/folds.js';
import { bestTrial, evaluateFold, mse, randomSearch, sampleParams, trialOf, trialParams } from '../src/tuning/search.js';
import { writeSearchResults } from '../src/tuning/results.js';
import { chronologicalSplit, readBaselineReference, readSeriesFixture, seriesSource, targets } from './helpers/baseline-source.js';

const reference = readBaselineReference();
const source = seriesSource(readSeriesFixture(), reference.window);
const { train, test } = chronologicalSplit(source, reference.trainFraction);
const trainSource = source.subset(train);
const testSource = source.subset(test);

describe('blockedFolds', () => {
  it('makes disjoint folds that cover the set, each a contiguous time block of every site', () => {
    const folds = blockedFolds(trainSource, 5);
    const seen = new Int32Array(trainSource.size);
    for (const fold of folds) for (const i of fold) seen[i]++;
    expect(Array.from(seen).every((c) => c === 1)).toBe(true);
    trainSource.siteIds.forEach((_, s) => {
      const siteDays = Array.from({ length: trainSource.size }, (_, i) => i).filter((i) => trainSource.sampleSite[i] === s).map((i) => trainSource.sampleDay[i]).sort((a, b) => a - b);
      let previousEnd = -Infinity;
      for (const fold of folds) {
        const days = Array.from(fold).filter((i) => trainSource.sampleSite[i] === s).map((i) => trainSource.sampleDay[i]).sort((a, b) => a - b);
        expect(days.length).toBeGreaterThan(0);
        const first = siteDays.indexOf(days[0]);
        expect(siteDays.slice(first, first + days.length)).toEqual(days);
        expect(days[0]).toBeGreaterThan(previousEnd);
        previousEnd = days[days.length - 1];
      }
    });
  });

  it('rejects fewer than 2 folds and empty folds', () => {
    expect(() => blockedFolds(trainSource, 1)).toThrow(/folds must be an integer >= 2/);
    expect(() => blockedFolds(trainSource.subset([0, 1]), 5)).toThrow(/fold \d of 5 is empty/);
  });
});

describe('sampleParams', () => {
  it('draws within the ranges, log-uniformly for log ranges, integers rounded', () => {
    const rng = createRng(9);
    const space = { a: { type: 'float', min: 1e-4, max: 1, log: true }, n: { type: 'int', min: 2, max: 6 }, c: { type: 'choice', values: ['x', 'y'] } } as const;
    const draws = Array.from({ length: 2000 }, () => sampleParams(space, rng));
    for (const d of draws) {
      expect(d.a).toBeGreaterThanOrEqual(1e-4);
      expect(d.a).toBeLessThanOrEqual(1);
      expect(Number.isInteger(d.n)).toBe(true);
      expect(['x', 'y']).toContain(d.c);
    }
    const belowMiddleDecade = draws.filter((d) => (d.a as number) < 1e-2).length / draws.length;
    expect(belowMiddleDecade).toBeGreaterThan(0.45);
    expect(belowMiddleDecade).toBeLessThan(0.55);
    expect(new Set(draws.map((d) => d.n))).toEqual(new Set([2, 3, 4, 5, 6]));
  });
});

describe('randomSearch', () => {
  it('is reproducible, picks the argmin, and tunes LASSO to no worse than the default on the test part', async () => {
    const options = { spec: lassoSpec, train: trainSource, trials: 5, seed: 42 };
    const seen: number[] = [];
    const result = await randomSearch({ ...options, onTrial: (t) => seen.push(t.index) });
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(result.trials[0].params).toEqual(lassoSpec.defaults);
    for (const t of result.trials) {
      expect(t.foldScores).toHaveLength(5);
      expect(t.meanScore).toBeCloseTo(t.foldScores.reduce((a, v) => a + v, 0) / 5, 12);
    }
    expect(result.best.meanScore).toBe(Math.min(...result.trials.map((t) => t.meanScore)));
    const again = await randomSearch(options);
    expect(again.trials.map((t) => [t.params, t.meanScore])).toEqual(result.trials.map((t) => [t.params, t.meanScore]));

    const tuned = lassoSpec.create(result.best.params, { seed: 1 });
    const plain = lassoSpec.create({}, { seed: 1 });
    await tuned.fit(trainSource);
    await plain.fit(trainSource);
    const y = targets(testSource);
    expect(mse(await tuned.predict(testSource), y)).toBeLessThanOrEqual(mse(await plain.predict(testSource), y) * 1.0001);

    const dir = mkdtempSync(join(tmpdir(), 'search-'));
    try {
      writeSearchResults(dir, result);
      const csv = readFileSync(join(dir, 'search.csv'), 'utf8').trim().split('\n');
      expect(csv[0]).toBe('trial,alpha,maxIter,tol,fold1,fold2,fold3,fold4,fold5,mean,best');
      expect(csv).toHaveLength(6);
      expect(csv.filter((line) => line.endsWith(',1'))).toHaveLength(1);
      expect(JSON.parse(readFileSync(join(dir, 'search.json'), 'utf8')).best.index).toBe(result.best.index);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('scores the same through the summary shortcut (engine summary) as through fit/predict on sources', async () => {
    // Without the 'summary' engine tag, the search fits and predicts on sources.
    const opaque = {
      ...lassoSpec,
      engine: 'neural' as const,
      create: (params: Parameters<typeof lassoSpec.create>[0], options: { seed: number }) => {
        const inner = lassoSpec.create(params, options);
        return { kind: inner.kind, params: inner.params, fit: inner.fit.bind(inner), predict: inner.predict.bind(inner), save: inner.save.bind(inner) };
      },
    };
    const options = { train: trainSource, trials: 2, seed: 3, folds: 3 };
    const direct = await randomSearch({ ...options, spec: opaque });
    const shortcut = await randomSearch({ ...options, spec: lassoSpec });
    expect(shortcut.trials.map((t) => t.foldScores)).toEqual(direct.trials.map((t) => t.foldScores));
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(randomSearch({ spec: lassoSpec, train: trainSource, trials: 2, seed: 1, signal: controller.signal })).rejects.toThrow('stop');
  });
});

describe('trialParams and bestTrial', () => {
  const plan = { spec: lassoSpec, space: { alpha: { type: 'float', min: 1e-4, max: 1, log: true }, tol: { type: 'float', min: 1e-6, max: 1e-3 } }, fixed: { tol: 1e-5 } } as const;

  it('trial 0 is the defaults with the fixed values; later trials draw only the free parameters, by their draw seed', () => {
    expect(trialParams(plan, 0, 123)).toEqual({ ...lassoSpec.defaults, tol: 1e-5 });
    const one = trialParams(plan, 1, 7);
    expect(one.tol).toBe(1e-5);
    expect(one.maxIter).toBe(lassoSpec.defaults.maxIter);
    expect(one.alpha).toBe(sampleParams({ alpha: plan.space.alpha }, createRng(7)).alpha);
    expect(trialParams(plan, 5, 7)).toEqual(one);
    expect(trialParams(plan, 1, 8).alpha).not.toBe(one.alpha);
    expect(() => trialParams(plan, -1, 7)).toThrow(/trial must be an integer >= 0/);
  });

  it('picks the lowest mean score, ties going to the lowest trial', () => {
    const trials = [trialOf(2, {}, [1, 3]), trialOf(0, {}, [2, 2]), trialOf(1, {}, [0.5, 5])];
    expect(trials.map((t) => t.meanScore)).toEqual([2, 2, 2.75]);
    expect(bestTrial(trials).index).toBe(0);
    expect(bestTrial([trialOf(3, {}, [1]), trialOf(4, {}, [0.9])]).index).toBe(4);
    expect(() => bestTrial([])).toThrow(/no trial/);
  });
});

describe('evaluateFold', () => {
  it('reports the fit progress through onProgress and scores the same with or without it', async () => {
    const folds = blockedFolds(trainSource, 3);
    const params = trialParams({ spec: lassoSpec, fixed: {} }, 0, 0);
    const seen: Array<{ epoch: number; epochs: number; loss: number }> = [];
    const withProgress = await evaluateFold(lassoSpec, params, trainSource, folds, 1, { seed: 3, onProgress: (p) => seen.push(p) });
    const without = await evaluateFold(lassoSpec, params, trainSource, folds, 1, { seed: 3 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ epoch: 1, epochs: 1 });
    expect(seen[0].loss).toBeCloseTo(withProgress.fit.loss, 12);
    expect(withProgress.score).toBe(without.score);
  });
});
