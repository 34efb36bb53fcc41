/** A contour line as [column, row] points in fractional grid-index coordinates. */
export type Polyline = Array<readonly [number, number]>;

// Cell sides: 0 top (tl–tr), 1 right (tr–br), 2 bottom (bl–br), 3 left (tl–bl).
// Case index bits: tl 8, tr 4, br 2, bl 1 (set = value ≥ level). Saddles (5, 10) are resolved below.
const SIDES: ReadonlyArray<ReadonlyArray<readonly [number, number]>> = [
  [], [[3, 2]], [[2, 1]], [[3, 1]], [[0, 1]], [], [[0, 2]], [[3, 0]],
  [[3, 0]], [[0, 2]], [], [[0, 1]], [[3, 1]], [[2, 1]], [[3, 2]], [],
];

/**
 * Contour lines of a row-major [rows, columns] field at `level` (marching squares, linear
 * interpolation along cell sides, saddles resolved by the cell-centre mean). Cells with a NaN corner
 * are skipped. Segments are joined into polylines (closed ones repeat their first point).
 */
export function isolines(field: Float64Array, rows: number, columns: number, level: number): Polyline[] {
  const points = new Map<number, readonly [number, number]>();
  const links = new Map<number, number[]>();
  const sidePoint = (r: number, c: number, side: number): number => {
    // A side is keyed by the grid edge it lies on: horizontal edges even, vertical edges odd.
    const [r0, c0, r1, c1] =
      side === 0 ? [r, c, r, c + 1] : side === 1 ? [r, c + 1, r + 1, c + 1] : side === 2 ? [r + 1, c, r + 1, c + 1] : [r, c, r + 1, c];
    const key = (r0 * columns + c0) * 2 + (r0 === r1 ? 0 : 1);
    if (!points.has(key)) {
      const a = field[r0 * columns + c0];
      const b = field[r1 * columns + c1];
      const t = a === b ? 0.5 : (level - a) / (b - a);
      points.set(key, [c0 + t * (c1 - c0), r0 + t * (r1 - r0)]);
    }
    return key;
  };
  const link = (a: number, b: number): void => {
    links.set(a, [...(links.get(a) ?? []), b]);
    links.set(b, [...(links.get(b) ?? []), a]);
  };
  for (let r = 0; r + 1 < rows; r++) {
    for (let c = 0; c + 1 < columns; c++) {
      const tl = field[r * columns + c];
      const tr = field[r * columns + c + 1];
      const br = field[(r + 1) * columns + c + 1];
      const bl = field[(r + 1) * columns + c];
      if (Number.isNaN(tl + tr + br + bl)) continue;
      const index = (tl >= level ? 8 : 0) | (tr >= level ? 4 : 0) | (br >= level ? 2 : 0) | (bl >= level ? 1 : 0);
      let pairs = SIDES[index];
      if (index === 5 || index === 10) {
        const centreAbove = (tl + tr + br + bl) / 4 >= level;
        // The diagonal whose corners agree with the centre stays connected; the other two corners are cut off.
        const cutTlBr = (index === 5) === centreAbove;
        pairs = cutTlBr ? [[3, 0], [2, 1]] : [[0, 1], [3, 2]];
      }
      for (const [s0, s1] of pairs) link(sidePoint(r, c, s0), sidePoint(r, c, s1));
    }
  }
  return joinSegments(points, links);
}

function joinSegments(points: Map<number, readonly [number, number]>, links: Map<number, number[]>): Polyline[] {
  const used = new Set<number>();
  const lines: Polyline[] = [];
  const walk = (start: number): void => {
    const line: Polyline = [points.get(start)!];
    used.add(start);
    let previous = -1;
    let current = start;
    for (;;) {
      const next = (links.get(current) ?? []).find((k) => k !== previous && (!used.has(k) || (k === start && line.length > 2)));
      if (next === undefined) break;
      line.push(points.get(next)!);
      if (next === start) break;
      used.add(next);
      previous = current;
      current = next;
    }
    lines.push(line);
  };
  // Open lines start at an end (a point with one neighbour); what remains are closed loops.
  for (const [key, neighbours] of links) if (neighbours.length === 1 && !used.has(key)) walk(key);
  for (const key of links.keys()) if (!used.has(key)) walk(key);
  return lines;
}
