/** Series longer than this are decimated before they are drawn (SVG size and rendering time). */
export const MAX_LINE_POINTS = 5000;

/** Buckets used by {@link minMaxDecimate} for long series: ≤ 2 points each, about 3 per pixel at 640 px. */
export const DECIMATION_BUCKETS = 1000;

/**
 * Indices of the points to draw for a line of `values` (NaN = gap). Series of at most
 * `maxPoints` values are kept whole. Longer ones are cut into `buckets` equal runs of samples and
 * each run keeps its minimum and its maximum (in time order) — the envelope a line drawn at that
 * resolution shows anyway, so peaks survive where averaging or striding would lose them — plus its
 * first NaN, so gaps still break the line. The first and last samples are always kept.
 */
export function minMaxDecimate(values: Float64Array, maxPoints = MAX_LINE_POINTS, buckets = DECIMATION_BUCKETS): Uint32Array {
  const n = values.length;
  if (n <= maxPoints) return Uint32Array.from({ length: n }, (_, i) => i);
  const keep: number[] = [0];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    const end = Math.floor(((b + 1) * n) / buckets);
    let lo = -1;
    let hi = -1;
    let gap = -1;
    for (let i = start; i < end; i++) {
      const v = values[i];
      if (Number.isNaN(v)) {
        if (gap < 0) gap = i;
      } else {
        if (lo < 0 || v < values[lo]) lo = i;
        if (hi < 0 || v > values[hi]) hi = i;
      }
    }
    for (const i of [lo, hi, gap].filter((k) => k > 0).sort((a, c) => a - c)) {
      if (i !== keep[keep.length - 1]) keep.push(i);
    }
  }
  if (keep[keep.length - 1] !== n - 1) keep.push(n - 1);
  return Uint32Array.from(keep);
}
