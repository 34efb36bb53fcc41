/**
 * Growth of one regression tree of a random forest on binned features: seeded bootstrap (draw
 * counts act as sample weights, as in scikit-learn), at each node `mtry` features drawn without
 * replacement, the split maximising the variance reduction (equivalently S_L²/W_L + S_R²/W_R for
 * weighted target sums S and weights W), both children holding at least `minSamplesLeaf` distinct
 * samples. Large nodes scan per-bin histograms; small nodes sort their samples by bin instead.
 */
import { createRng } from '@fluxscale/util';
import { MAX_BINS, type BinnedFeatures } from './binning.js';

/** Node size up to which a node's samples are sorted by bin rather than histogrammed. */
const SORT_NODE_SIZE = 48;

/** Growth settings of a tree. */
export interface TreeOptions {
  /** Deepest level (root = 0) at which a node may still be split; 0 means unlimited. */
  readonly maxDepth: number;
  /** Features tried per split (1 … cols). */
  readonly mtry: number;
  readonly minSamplesLeaf: number;
  /** Draw a bootstrap sample (true) or use every sample once (false). */
  readonly bootstrap: boolean;
  /** Bootstrap draws per tree as a fraction of the rows (1: as many draws as rows). */
  readonly maxSamples: number;
}

/** A grown tree, nodes in creation order (root 0). Leaves have feature −1 and children −1. */
export interface TreeArrays {
  readonly feature: Int32Array;
  /** Split value in feature units: x ≤ threshold goes left. */
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Mean target of the node's (weighted) samples. */
  readonly value: Float64Array;
}

interface Split {
  feature: number;
  bin: number;
  score: number;
}

/** Grows one tree on `data` with targets `y` (one per row) from `seed`. */
export function growTree(data: BinnedFeatures, y: Float64Array, options: TreeOptions, seed: number): TreeArrays {
  const { rows, cols, bins } = data;
  const rng = createRng(seed);
  const weight = new Float64Array(rows);
  const draws = Math.max(1, Math.round(options.maxSamples * rows));
  if (options.bootstrap) for (let k = 0; k < draws; k++) weight[Math.floor(rng.next() * rows)] += 1;
  else weight.fill(1);
  let inBag = 0;
  for (let i = 0; i < rows; i++) if (weight[i] > 0) inBag++;
  const samples = new Int32Array(inBag);
  for (let i = 0, k = 0; i < rows; i++) if (weight[i] > 0) samples[k++] = i;

  const capacity = 2 * inBag + 1;
  const feature = new Int32Array(capacity).fill(-1);
  const threshold = new Float64Array(capacity);
  const left = new Int32Array(capacity).fill(-1);
  const right = new Int32Array(capacity).fill(-1);
  const value = new Float64Array(capacity);
  const order = Int32Array.from({ length: cols }, (_, f) => f);
  const scratch = new SplitScratch(inBag);

  const stack: number[] = [0, 0, inBag, 0];
  let nodes = 1;
  while (stack.length > 0) {
    const depth = stack.pop() as number;
    const end = stack.pop() as number;
    const start = stack.pop() as number;
    const node = stack.pop() as number;
    let w = 0;
    let s = 0;
    let ss = 0;
    for (let k = start; k < end; k++) {
      const i = samples[k];
      w += weight[i];
      s += weight[i] * y[i];
      ss += weight[i] * y[i] * y[i];
    }
    value[node] = s / w;
    const count = end - start;
    const spread = ss / w - (s / w) ** 2;
    if ((options.maxDepth > 0 && depth >= options.maxDepth) || count < 2 * options.minSamplesLeaf || spread <= 1e-14 * Math.max(1, ss / w)) continue;

    for (let k = 0; k < options.mtry; k++) {
      const j = k + Math.floor(rng.next() * (cols - k));
      const held = order[k];
      order[k] = order[j];
      order[j] = held;
    }
    const best: Split = { feature: -1, bin: -1, score: (s * s) / w };
    for (let k = 0; k < options.mtry; k++) {
      const f = order[k];
      if (count <= SORT_NODE_SIZE) scratch.searchSorted(data, f, samples, start, end, weight, y, w, s, options.minSamplesLeaf, best);
      else scratch.searchHistogram(data, f, samples, start, end, weight, y, w, s, options.minSamplesLeaf, best);
    }
    if (best.feature < 0) continue;

    const column = best.feature * rows;
    let mid = start;
    for (let k = start; k < end; k++) {
      const i = samples[k];
      if (bins[column + i] <= best.bin) {
        samples[k] = samples[mid];
        samples[mid++] = i;
      }
    }
    feature[node] = best.feature;
    threshold[node] = data.edges[best.feature * MAX_BINS + best.bin];
    left[node] = nodes++;
    right[node] = nodes++;
    stack.push(right[node], mid, end, depth + 1, left[node], start, mid, depth + 1);
  }
  return {
    feature: feature.slice(0, nodes),
    threshold: threshold.slice(0, nodes),
    left: left.slice(0, nodes),
    right: right.slice(0, nodes),
    value: value.slice(0, nodes),
  };
}

/** Reusable buffers of the split search. */
class SplitScratch {
  private readonly histW = new Float64Array(MAX_BINS);
  private readonly histS = new Float64Array(MAX_BINS);
  private readonly histC = new Int32Array(MAX_BINS);
  private readonly keys: Int32Array;

  constructor(samples: number) {
    this.keys = new Int32Array(Math.min(samples, SORT_NODE_SIZE));
  }

  /** Best split of feature f from per-bin sums over samples[start, end); updates `best` when it beats it. */
  searchHistogram(data: BinnedFeatures, f: number, samples: Int32Array, start: number, end: number, weight: Float64Array, y: Float64Array, w: number, s: number, minLeaf: number, best: Split): void {
    if (data.binCount[f] < 2) return;
    const { histW, histS, histC } = this;
    const column = f * data.rows;
    let lo = MAX_BINS;
    let hi = 0;
    for (let k = start; k < end; k++) {
      const i = samples[k];
      const b = data.bins[column + i];
      if (b < lo) lo = b;
      if (b > hi) hi = b;
      histW[b] += weight[i];
      histS[b] += weight[i] * y[i];
      histC[b]++;
    }
    const count = end - start;
    let wl = 0;
    let sl = 0;
    let cl = 0;
    for (let b = lo; b < hi; b++) {
      if (histC[b] === 0) continue;
      wl += histW[b];
      sl += histS[b];
      cl += histC[b];
      if (cl < minLeaf || count - cl < minLeaf) continue;
      const score = (sl * sl) / wl + ((s - sl) * (s - sl)) / (w - wl);
      if (score > best.score) {
        best.score = score;
        best.feature = f;
        best.bin = b;
      }
    }
    histW.fill(0, lo, hi + 1);
    histS.fill(0, lo, hi + 1);
    histC.fill(0, lo, hi + 1);
  }

  /** As `searchHistogram`, for a small node: sorts the node's samples by bin and scans them. */
  searchSorted(data: BinnedFeatures, f: number, samples: Int32Array, start: number, end: number, weight: Float64Array, y: Float64Array, w: number, s: number, minLeaf: number, best: Split): void {
    const count = end - start;
    const keys = this.keys;
    const column = f * data.rows;
    for (let k = 0; k < count; k++) keys[k] = (data.bins[column + samples[start + k]] << 16) | k;
    insertionSort(keys, count);
    let wl = 0;
    let sl = 0;
    for (let k = 0; k < count - 1; k++) {
      const i = samples[start + (keys[k] & 0xffff)];
      wl += weight[i];
      sl += weight[i] * y[i];
      const bin = keys[k] >>> 16;
      if (bin === keys[k + 1] >>> 16 || k + 1 < minLeaf) continue;
      if (count - k - 1 < minLeaf) break;
      const score = (sl * sl) / wl + ((s - sl) * (s - sl)) / (w - wl);
      if (score > best.score) {
        best.score = score;
        best.feature = f;
        best.bin = bin;
      }
    }
  }
}

/** Sorts a[0, count) ascending in place (faster than TypedArray#sort for a few dozen values). */
function insertionSort(a: Int32Array, count: number): void {
  for (let k = 1; k < count; k++) {
    const v = a[k];
    let j = k - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}
