/**
 * Cell edges of a grid given its cell centres (strictly increasing): midpoints between neighbours,
 * the outer edges mirrored half a step out. With `geometric`, midpoints are geometric means (cells
 * of equal width on a log axis; centres must then be positive). Needs at least 2 centres; returns
 * centres.length + 1 edges.
 */
export function cellEdges(centres: Float64Array, geometric = false): Float64Array {
  const n = centres.length;
  const f = geometric ? Math.log : (v: number) => v;
  const g = geometric ? Math.exp : (v: number) => v;
  const edges = new Float64Array(n + 1);
  for (let i = 1; i < n; i++) edges[i] = g((f(centres[i - 1]) + f(centres[i])) / 2);
  edges[0] = g(f(centres[0]) - (f(centres[1]) - f(centres[0])) / 2);
  edges[n] = g(f(centres[n - 1]) + (f(centres[n - 1]) - f(centres[n - 2])) / 2);
  return edges;
}

/** Linear interpolation of `values` (defined at integer positions) at fractional position `p`. */
export function interpolateAt(values: Float64Array, p: number): number {
  const i = Math.max(0, Math.min(values.length - 2, Math.floor(p)));
  if (values.length === 1) return values[0];
  return values[i] + (values[i + 1] - values[i]) * (p - i);
}
