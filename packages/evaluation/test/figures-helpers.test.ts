import { InvalidParameterError } from '../src/metrics/errors.js';
import { isolines } from '../src/figures/contour.js';
import { compactGeometry } from '../src/figures/render.js';
import { minMaxDecimate, MAX_LINE_POINTS } from '../src/figures/downsample.js';
import { cellEdges, interpolateAt } from '../src/figures/grid.js';
import { improvementScores } from '../src/figures/heat-table.js';
import { toEpochMs } from '../src/figures/time.js';
import { coherenceLevels, octaveLevels } from '../src/figures/wavelet.js';
import { parseXml } from './fixtures/figures/svg.js';

function field(rows: number, columns: number, f: (r: number, c: number) => number): Float64Array {
  return Float64Array.from({ length: rows * columns }, (_, i) => f(Math.floor(i / columns), i % columns));
}

describe('isolines (marching squares)', () => {
  test('a linear ramp gives one straight open line at the interpolated position', () => {
    const lines = isolines(field(5, 6, (_, c) => c), 5, 6, 2.5);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toHaveLength(5);
    for (const [c] of lines[0]) expect(c).toBeCloseTo(2.5, 12);
    expect(lines[0].map(([, r]) => r).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  test('a cone gives one closed loop whose points lie near the circle', () => {
    const n = 41;
    const lines = isolines(field(n, n, (r, c) => Math.hypot(r - 20, c - 20)), n, n, 10);
    expect(lines).toHaveLength(1);
    const loop = lines[0];
    expect(loop[0]).toEqual(loop[loop.length - 1]);
    for (const [c, r] of loop) expect(Math.abs(Math.hypot(r - 20, c - 20) - 10)).toBeLessThan(0.1);
  });

  test('a saddle is split by the cell-centre mean', () => {
    // tl = br = 1 (above), tr = bl = 0; the centre mean 0.5 is "above", so tl and br stay joined.
    const lines = isolines(Float64Array.of(1, 0, 0, 1), 2, 2, 0.5);
    expect(lines).toHaveLength(2);
    const ends = lines.map((l) => l.map(([c, r]) => `${c},${r}`).sort().join(' ')).sort();
    expect(ends).toEqual(['0,0.5 0.5,1', '0.5,0 1,0.5']);
  });

  test('cells with a NaN corner are skipped', () => {
    const f = field(3, 3, (_, c) => c);
    f[4] = Number.NaN;
    expect(isolines(f, 3, 3, 0.5)).toEqual([]);
  });
});

describe('minMaxDecimate', () => {
  test('short series are kept whole', () => {
    expect(Array.from(minMaxDecimate(new Float64Array(10)))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('long series keep each bucket\'s extremes, the first gap, and both ends', () => {
    const n = 20_000;
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 50));
    x[12_345] = 9;
    x[777] = -9;
    x[15_000] = Number.NaN;
    const kept = minMaxDecimate(x, MAX_LINE_POINTS, 1000);
    expect(kept.length).toBeLessThanOrEqual(2 * 1000 + 1000 + 2);
    expect(kept[0]).toBe(0);
    expect(kept[kept.length - 1]).toBe(n - 1);
    expect(Array.from(kept)).toEqual(expect.arrayContaining([12_345, 777, 15_000]));
    expect(kept.every((k, i) => i === 0 || k > kept[i - 1])).toBe(true);
    // The envelope per bucket is exact: max and min over all kept points equal the series' own.
    const values = Array.from(kept, (k) => x[k]).filter((v) => !Number.isNaN(v));
    expect(Math.max(...values)).toBe(9);
    expect(Math.min(...values)).toBe(-9);
  });
});

describe('grid helpers', () => {
  test('cell edges are midpoints, outer edges mirrored', () => {
    expect(Array.from(cellEdges(Float64Array.of(0, 1, 3)))).toEqual([-0.5, 0.5, 2, 4]);
  });

  test('geometric cell edges are geometric means', () => {
    const e = cellEdges(Float64Array.of(1, 2, 4), true);
    [Math.SQRT1_2, Math.SQRT2, 2 * Math.SQRT2, 4 * Math.SQRT2].forEach((v, i) => expect(e[i]).toBeCloseTo(v, 12));
  });

  test('interpolateAt interpolates linearly and extrapolates past the ends', () => {
    const v = Float64Array.of(10, 20, 40);
    expect(interpolateAt(v, 1.5)).toBe(30);
    expect(interpolateAt(v, 2.5)).toBe(50);
  });
});

describe('toEpochMs', () => {
  test('ISO dates and days since 1970 give UTC milliseconds', () => {
    expect(Array.from(toEpochMs(['1970-01-02', '2000-03-01'], 'dates'))).toEqual([86_400_000, Date.UTC(2000, 2, 1)]);
    expect(Array.from(toEpochMs([0, 1.5], 'dates'))).toEqual([0, 1.5 * 86_400_000]);
  });

  test('invalid and unordered dates are rejected, naming the parameter', () => {
    expect(() => toEpochMs(['2021-02-30'], 'dates')).toThrow(/dates: index 0/);
    expect(() => toEpochMs(['2021-02-02', '2021-02-01'], 'dates')).toThrow(InvalidParameterError);
    expect(() => toEpochMs([], 'time')).toThrow(/time/);
  });
});

describe('improvementScores', () => {
  test('signs follow betterWhen and each column is scaled by its largest |value|', () => {
    const values = Float64Array.of(-0.2, 0.05, 0.1, -0.1, Number.NaN, 0);
    const s = improvementScores(values, 3, ['lower', 'higher']);
    expect(Array.from(s.subarray(0, 4))).toEqual([1, 0.5, -0.5, -1]);
    expect(s[4]).toBeNaN();
    expect(s[5]).toBe(0);
  });
});

describe('colour classes of wavelet fields', () => {
  test('octaves of power, open-ended at both ends, NaN undrawn', () => {
    const { index, labels } = octaveLevels(Float64Array.of(0.3, 1, 3, 8.5, Number.NaN, 0));
    expect(labels).toEqual(['< 1/2', '1/2–1', '1–2', '2–4', '4–8', '≥ 8']);
    expect(Array.from(index)).toEqual([0, 2, 3, 5, -1, 0]);
  });

  test('tenths of coherence', () => {
    const { index, labels } = coherenceLevels(Float64Array.of(0, 0.05, 0.95, 1));
    expect(labels[0]).toBe('0.0–0.1');
    expect(labels[9]).toBe('0.9–1.0');
    expect(Array.from(index)).toEqual([0, 0, 9, 9]);
  });
});

describe('the test XML reader', () => {
  test('accepts well-formed documents and rejects malformed ones', () => {
    const root = parseXml('<svg a="1"><g><text>x &amp; y</text></g><path d="M0,0"/></svg>');
    expect(root.children.map((c) => c.name)).toEqual(['g', 'path']);
    expect(root.children[0].children[0].text).toBe('x & y');
    expect(() => parseXml('<svg><g></svg>')).toThrow();
    expect(() => parseXml('<svg><text>a & b</text></svg>')).toThrow();
    expect(() => parseXml('<svg></svg><svg></svg>')).toThrow();
    expect(() => parseXml('<svg a="1" a="2"></svg>')).toThrow();
  });
});

describe('compactGeometry', () => {
  test('rounds path data and transforms to 0.01 px and leaves text alone', () => {
    const svg = '<g transform="translate(12.3456789,-0.004999)"><path d="M0.123456,1L2.999999,3.5Z"/><text>0.123456</text></g>';
    expect(compactGeometry(svg)).toBe('<g transform="translate(12.35,0)"><path d="M0.12,1L3,3.5Z"/><text>0.123456</text></g>');
  });
});
