import * as fs from 'node:fs';
import * as path from 'node:path';
import { gaussianKde2d } from '../src/explain/index.js';
import { InsufficientDataError, InvalidParameterError } from '../src/metrics/errors.js';
import { percentile } from '../src/metrics/percentiles.js';

interface KdeCase {
  name: string;
  x: number[];
  y: number[];
  gridX: number[];
  gridY: number[];
  factor: number;
  covariance: [number, number, number];
  density: number[];
  threshold: number;
  mask: number[];
}

const reference = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'explain', 'kde_reference.json'), 'utf8')) as { cases: KdeCase[] };

function gridPoints(c: KdeCase): { px: Float64Array; py: Float64Array } {
  const nx = c.gridX.length;
  const px = new Float64Array(nx * c.gridY.length);
  const py = new Float64Array(px.length);
  for (let k = 0; k < px.length; k++) {
    px[k] = c.gridX[k % nx];
    py[k] = c.gridY[Math.floor(k / nx)];
  }
  return { px, py };
}

describe('gaussianKde2d against scipy.stats.gaussian_kde (scripts/kde_reference.py)', () => {
  it.each(reference.cases.map((c) => [c.name, c] as const))('%s: factor, covariance, densities and the 10th-percentile mask', (_name, c) => {
    const kde = gaussianKde2d(c.x, c.y);
    expect(kde.n).toBe(c.x.length);
    expect(kde.factor).toBeCloseTo(c.factor, 14);
    kde.covariance.forEach((v, k) => expect(Math.abs(v - c.covariance[k])).toBeLessThanOrEqual(1e-12 * Math.abs(c.covariance[k]) + 1e-15));
    const { px, py } = gridPoints(c);
    const density = kde.evaluate(px, py);
    const peak = Math.max(...c.density);
    density.forEach((d, k) => expect(Math.abs(d - c.density[k])).toBeLessThanOrEqual(1e-10 * peak));
    expect(percentile(density, 10)).toBeCloseTo(c.threshold, 12);
    expect(Array.from(density, (d) => (d < percentile(density, 10) ? 1 : 0))).toEqual(c.mask);
  });

  it('drops non-finite pairs and rejects degenerate samples', () => {
    const c = reference.cases[1];
    const withGaps = gaussianKde2d([...c.x, Number.NaN], [...c.y, 3]);
    expect(withGaps.n).toBe(c.x.length);
    expect(() => gaussianKde2d([1, 2], [3, 4])).toThrow(InsufficientDataError);
    expect(() => gaussianKde2d([1, 2, 3, 4], [2, 4, 6, 8])).toThrow(InvalidParameterError);
    expect(() => gaussianKde2d([1, 2, 3], [1, 2])).toThrow(/length/);
  });
});
