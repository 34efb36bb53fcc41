/**
 * Blocked cross-validation folds: each site's samples, ordered by target day, are cut into k
 * contiguous time blocks of (almost) equal size; block b of every site forms fold b. Nothing is
 * shuffled across time, so a held-out fold is a stretch of time of each site, not scattered days.
 */
import type { WindowSource } from '@fluxscale/data';
import { ModelError } from '../errors.js';
import { samplesBySiteInTime } from '../samples.js';

/**
 * Sample indices of the k folds of `source` (each ascending). Block b of a site with n samples
 * holds its samples floor(b·n/k) … floor((b+1)·n/k) − 1 in day order. Throws a `ModelError` when
 * k < 2 or a fold would be empty.
 */
export function blockedFolds(source: WindowSource, k: number): Int32Array[] {
  if (!Number.isInteger(k) || k < 2) throw new ModelError('bad-param', `folds must be an integer >= 2, got ${k}`, 'folds');
  const foldOf = new Int32Array(source.size);
  for (const indices of samplesBySiteInTime(source)) {
    const n = indices.length;
    for (let b = 0; b < k; b++) {
      for (let p = Math.floor((b * n) / k); p < Math.floor(((b + 1) * n) / k); p++) foldOf[indices[p]] = b;
    }
  }
  const folds = Array.from({ length: k }, () => [] as number[]);
  for (let i = 0; i < source.size; i++) folds[foldOf[i]].push(i);
  folds.forEach((fold, b) => {
    if (fold.length === 0) throw new ModelError('empty-input', `fold ${b + 1} of ${k} is empty: the source has ${source.size} samples`, 'folds');
  });
  return folds.map((fold) => Int32Array.from(fold));
}

/** All indices of `folds` except those of fold `held`, ascending. */
export function complementOf(folds: readonly Int32Array[], held: number): Int32Array {
  const size = folds.reduce((n, fold, b) => (b === held ? n : n + fold.length), 0);
  const out = new Int32Array(size);
  let offset = 0;
  folds.forEach((fold, b) => {
    if (b === held) return;
    out.set(fold, offset);
    offset += fold.length;
  });
  return out.sort();
}
