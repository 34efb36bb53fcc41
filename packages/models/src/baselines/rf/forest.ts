/**
 * A random forest as flat arrays (all trees' nodes concatenated, children indices absolute), its
 * prediction, and the per-tree seeds that make a forest independent of how many threads grew it.
 * Trees are grown with a node's two children created one after the other (rf/tree.ts), so the right
 * child is always left + 1; prediction relies on it, and `checkForest` verifies it for loaded forests.
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

/** Why `forest` cannot be walked on rows of `cols` features (children out of order or range, a bad root or feature), or null when it can. */
export function checkForest(forest: ForestArrays, cols: number): string | null {
  const { feature, threshold, left, right, value, roots } = forest;
  const n = value.length;
  if ([feature, threshold, left, right].some((a) => a.length !== n)) return 'node arrays differ in length';
  for (const root of roots) if (!(root >= 0 && root < n)) return `root ${root} is not a node`;
  for (let k = 0; k < n; k++) {
    const l = left[k];
    if (l < 0 ? feature[k] >= 0 : right[k] !== l + 1 || l <= k || l + 1 >= n || !(feature[k] >= 0 && feature[k] < cols)) {
      return `node ${k} has feature ${feature[k]} and children ${l}, ${right[k]} (expected −1 and −1 for a leaf, or a feature < ${cols} and k < left, right = left + 1 < ${n})`;
    }
  }
  return null;
}

/** Mean over the trees of the leaf value each row of `x` ([rows, cols], row-major) reaches, tree by tree. */
export function predictForest(forest: ForestArrays, x: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows);
  for (const root of forest.roots) addTree(forest, root, x, cols, rows, out);
  for (let i = 0; i < rows; i++) out[i] /= forest.roots.length;
  return out;
}

/**
 * Adds the leaf value of the tree at `root` for every row of `x` to `out`. Rows descend four at a
 * time, each step choosing the child without a branch (left + 1 when not x ≤ threshold), so the
 * four chains of dependent loads overlap instead of stalling on mispredicted branches (about 1.6×
 * one row at a time).
 */
function addTree(forest: ForestArrays, root: number, x: Float64Array, cols: number, rows: number, out: Float64Array): void {
  const { feature, left, threshold, value } = forest;
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const r0 = i * cols;
    const r1 = r0 + cols;
    const r2 = r1 + cols;
    const r3 = r2 + cols;
    let n0 = root;
    let n1 = root;
    let n2 = root;
    let n3 = root;
    for (;;) {
      const f0 = feature[n0];
      const f1 = feature[n1];
      const f2 = feature[n2];
      const f3 = feature[n3];
      if ((f0 | f1 | f2 | f3) < 0) break;
      n0 = left[n0] + Number(!(x[r0 + f0] <= threshold[n0]));
      n1 = left[n1] + Number(!(x[r1 + f1] <= threshold[n1]));
      n2 = left[n2] + Number(!(x[r2 + f2] <= threshold[n2]));
      n3 = left[n3] + Number(!(x[r3 + f3] <= threshold[n3]));
    }
    out[i] += value[leafOf(feature, left, threshold, n0, x, r0)];
    out[i + 1] += value[leafOf(feature, left, threshold, n1, x, r1)];
    out[i + 2] += value[leafOf(feature, left, threshold, n2, x, r2)];
    out[i + 3] += value[leafOf(feature, left, threshold, n3, x, r3)];
  }
  for (; i < rows; i++) out[i] += value[leafOf(feature, left, threshold, root, x, i * cols)];
}

/** The leaf reached from `node` by the row of `x` that starts at `row`. */
function leafOf(feature: Int32Array, left: Int32Array, threshold: Float64Array, node: number, x: Float64Array, row: number): number {
  let at = node;
  for (let f = feature[at]; f >= 0; f = feature[at]) at = left[at] + Number(!(x[row + f] <= threshold[at]));
  return at;
}
