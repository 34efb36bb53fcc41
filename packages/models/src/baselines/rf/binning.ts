/**
 * Quantisation of features into at most 255 ordered bins (LightGBM-style), so that a regression
 * tree finds splits from per-bin histograms instead of sorting. A feature with at most `maxBins`
 * distinct values gets one bin per value (splits at the midpoints between consecutive values, as an
 * exact splitter would); otherwise the bin edges are midpoints at its `maxBins`-quantiles.
 */

/** Most bins a feature can have (bins are stored as bytes). */
export const MAX_BINS = 255;

/** Binned features: `bins` column-major [cols][rows]; feature f's upper bin edges are `edges[f·MAX_BINS + b]`, b < binCount[f] − 1. */
export interface BinnedFeatures {
  readonly bins: Uint8Array;
  readonly edges: Float64Array;
  readonly binCount: Int32Array;
  readonly rows: number;
  readonly cols: number;
}

/**
 * Bins the columns of the row-major matrix `x` ([rows, cols]) into at most `maxBins` (≤ 255) bins
 * each. Value v falls in bin b = number of edges below v, so `v ≤ edges[b]` ⇔ bin(v) ≤ b.
 */
export function binFeatures(x: Float64Array, rows: number, cols: number, maxBins: number): BinnedFeatures {
  const bins = new Uint8Array(rows * cols);
  const edges = new Float64Array(cols * MAX_BINS);
  const binCount = new Int32Array(cols);
  const column = new Float64Array(rows);
  for (let f = 0; f < cols; f++) {
    for (let i = 0; i < rows; i++) column[i] = x[i * cols + f];
    const sorted = column.slice().sort();
    const featureEdges = binEdges(sorted, maxBins);
    binCount[f] = featureEdges.length + 1;
    edges.set(featureEdges, f * MAX_BINS);
    for (let i = 0; i < rows; i++) bins[f * rows + i] = countBelow(featureEdges, column[i]);
  }
  return { bins, edges, binCount, rows, cols };
}

/** Increasing bin edges of an ascending-sorted column. */
function binEdges(sorted: Float64Array, maxBins: number): number[] {
  const unique: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) unique.push(sorted[i]);
  const edges: number[] = [];
  if (unique.length <= maxBins) {
    for (let k = 1; k < unique.length; k++) edges.push(midpoint(unique[k - 1], unique[k]));
    return edges;
  }
  const n = sorted.length;
  for (let k = 1; k < maxBins; k++) {
    const p = Math.floor((k * n) / maxBins);
    if (p < 1 || sorted[p - 1] === sorted[p]) continue;
    const edge = midpoint(sorted[p - 1], sorted[p]);
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  return edges;
}

function midpoint(a: number, b: number): number {
  const m = a / 2 + b / 2;
  return m < b ? m : a;
}

/** Number of entries of the ascending `edges` strictly below `v` (binary search). */
function countBelow(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
