/**
 * A random forest as flat arrays (all trees' nodes concatenated, children indices absolute), its
 * prediction, and the per-tree seeds that make a forest independent of how many threads grew it.
 */
import type { TreeArrays } from './tree.js';

/** All trees of a forest; tree t's root is node `roots[t]`. */
export interface ForestArrays extends TreeArrays {
  readonly roots: Int32Array;
}

/** Seed of tree `tree` of a forest seeded with `seed` (a 32-bit integer hash of both). */
export function treeSeed(seed: number, tree: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(tree + 1, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Concatenates trees (in order) into one forest. */
export function joinTrees(trees: readonly TreeArrays[]): ForestArrays {
  const total = trees.reduce((n, t) => n + t.value.length, 0);
  const forest = {
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    value: new Float64Array(total),
    roots: new Int32Array(trees.length),
  };
  let offset = 0;
  trees.forEach((tree, t) => {
    forest.roots[t] = offset;
    forest.feature.set(tree.feature, offset);
    forest.threshold.set(tree.threshold, offset);
    forest.value.set(tree.value, offset);
    for (let k = 0; k < tree.value.length; k++) {
      forest.left[offset + k] = tree.left[k] < 0 ? -1 : tree.left[k] + offset;
      forest.right[offset + k] = tree.right[k] < 0 ? -1 : tree.right[k] + offset;
    }
    offset += tree.value.length;
  });
  return forest;
}

/** Mean over the trees of the leaf value each row of `x` ([rows, cols], row-major) reaches. */
export function predictForest(forest: ForestArrays, x: Float64Array, rows: number, cols: number): Float64Array {
  const { feature, threshold, left, right, value, roots } = forest;
  const out = new Float64Array(rows);
  for (let t = 0; t < roots.length; t++) {
    for (let i = 0; i < rows; i++) {
      let node = roots[t];
      while (feature[node] >= 0) node = x[i * cols + feature[node]] <= threshold[node] ? left[node] : right[node];
      out[i] += value[node];
    }
  }
  for (let i = 0; i < rows; i++) out[i] /= roots.length;
  return out;
}
