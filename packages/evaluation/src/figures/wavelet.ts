import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import { InvalidParameterError } from '../metrics/errors.js';
import { isolines } from './contour.js';
import { cellEdges, interpolateAt } from './grid.js';
import { renderVegaLite } from './render.js';
import { FIGURE_CONFIG } from './theme.js';
import { toEpochMs, type DateValues } from './time.js';
import { increasing, matrix, numbers, oneOf, requireText } from './validate.js';

/** What a {@link waveletPlot} shows: CWT power, cross-wavelet power or wavelet coherence. */
export type WaveletKind = 'power' | 'xwt' | 'wtc';

/** Input of {@link waveletPlot}. Matrices are row-major [periods, time], as the wavelets module returns them. */
export interface WaveletPlotInput {
  /** Time of each column: YYYY-MM-DD strings or days since 1970-01-01. */
  readonly time: DateValues;
  /** Fourier periods of the rows, increasing, in `periodUnit`. */
  readonly periods: ArrayLike<number>;
  /**
   * The field: for 'power' and 'xwt' a power, preferably normalised (|W|²/σ², |W_ab|/(σ_a σ_b);
   * unitless), coloured by octave; for 'wtc' the squared coherence R² in [0, 1]. NaN = not drawn.
   */
  readonly power: ArrayLike<number>;
  /** Cone of influence per time step, in `periodUnit`: longer periods are edge-affected. */
  readonly coi: ArrayLike<number>;
  /** Field ÷ its significance level (same shape): the ratio = 1 contour is drawn. */
  readonly significance?: ArrayLike<number>;
  /** Phase in radians (same shape; 'xwt' and 'wtc' only), positive when the first series leads. */
  readonly phase?: ArrayLike<number>;
  readonly title: string;
  readonly kind: WaveletKind;
  /** Unit of periods and coi (default 'days'). */
  readonly periodUnit?: string;
  /** Colour legend title (default per kind). */
  readonly powerTitle?: string;
}

/**
 * Fields with more time steps are block-averaged in time to at most this many columns (two years of
 * daily data are drawn as they are; longer records keep about two columns per pixel).
 */
export const MAX_WAVELET_COLUMNS = 1000;
/**
 * Most cells (runs of equal colour along time) drawn; a noisier field is block-averaged further in
 * time, by factors of two, down to 120 columns (MIN_WAVELET_COLUMNS). Keeps the SVG under ~1 MB.
 */
export const MAX_WAVELET_CELLS = 5000;
const MIN_WAVELET_COLUMNS = 120;
/** Fraction of a cell by which cells overlap their successors (see the cell records below). */
const SEAM_OVERLAP = 0.3;
/** Approximate number of phase arrows across the time axis and down the period axis. */
const ARROW_COLUMNS = 36;
const ARROW_ROWS = 14;
/** At most this many power octaves get their own colour; lower powers share the first one. */
const MAX_OCTAVES = 12;
/** A right-pointing arrow in vega's unit symbol coordinates; vega rotates it by `angle` (clockwise). */
const ARROW_PATH = 'M-1,0L0.9,0M0.25,-0.45L1,0L0.25,0.45';

const DEFAULT_POWER_TITLE: Record<WaveletKind, string> = {
  power: 'Power (normalised)',
  xwt: 'Cross-wavelet power',
  wtc: 'Coherence R²',
};

interface Field {
  readonly time: Float64Array;
  readonly coi: Float64Array;
  readonly power: Float64Array;
  readonly significance?: Float64Array;
  readonly phase?: Float64Array;
  readonly columns: number;
}

/** Colour classes of the field: a class index per cell (−1 = not drawn) and a label per class. */
interface Levels {
  readonly index: Int32Array;
  readonly labels: string[];
}

function powerOfTwoLabel(k: number): string {
  return k >= 0 ? String(2 ** k) : `1/${2 ** -k}`;
}

/** Octave classes of a power field: [2^k, 2^(k+1)), the lowest and highest classes open-ended. */
export function octaveLevels(power: Float64Array): Levels {
  const logs = Array.from(power, (v) => (v > 0 ? Math.log2(v) : Number.NaN)).filter((v) => !Number.isNaN(v));
  if (logs.length === 0) throw new InvalidParameterError('power', 'has no positive value');
  logs.sort((a, b) => a - b);
  const hi = Math.max(Math.ceil(logs[logs.length - 1]), Math.floor(logs[0]) + 1);
  const lo = Math.max(Math.floor(logs[Math.floor(0.01 * (logs.length - 1))]), hi - MAX_OCTAVES);
  const count = hi - lo;
  const labels = Array.from({ length: count }, (_, i) => {
    if (count === 1) return `${powerOfTwoLabel(lo)}–${powerOfTwoLabel(hi)}`;
    if (i === 0) return `< ${powerOfTwoLabel(lo + 1)}`;
    if (i === count - 1) return `≥ ${powerOfTwoLabel(hi - 1)}`;
    return `${powerOfTwoLabel(lo + i)}–${powerOfTwoLabel(lo + i + 1)}`;
  });
  const index = Int32Array.from(power, (v) =>
    Number.isNaN(v) ? -1 : v <= 0 ? 0 : Math.min(count - 1, Math.max(0, Math.floor(Math.log2(v)) - lo)),
  );
  return { index, labels };
}

/** Ten classes of coherence R² ∈ [0, 1]: [0, 0.1), ..., [0.9, 1]. */
export function coherenceLevels(rsq: Float64Array): Levels {
  const labels = Array.from({ length: 10 }, (_, i) => `${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}`);
  const index = Int32Array.from(rsq, (v) => (Number.isNaN(v) ? -1 : Math.min(9, Math.max(0, Math.floor(v * 10)))));
  return { index, labels };
}

/** Means of consecutive blocks of `factor` columns of a row-major [rows, columns] field (NaN-aware). */
function blockMean(values: Float64Array, rows: number, columns: number, factor: number, circular = false): Float64Array {
  const out = Math.ceil(columns / factor);
  const result = new Float64Array(rows * out);
  for (let r = 0; r < rows; r++) {
    for (let b = 0; b < out; b++) {
      let a = 0;
      let s = 0;
      let n = 0;
      for (let c = b * factor; c < Math.min(columns, (b + 1) * factor); c++) {
        const v = values[r * columns + c];
        if (Number.isNaN(v)) continue;
        a += circular ? Math.cos(v) : v;
        s += circular ? Math.sin(v) : 0;
        n++;
      }
      result[r * out + b] = n === 0 ? Number.NaN : circular ? Math.atan2(s, a) : a / n;
    }
  }
  return result;
}

/** The field block-averaged in time by `factor` (phase by circular means). */
function thin(field: Field, rows: number, factor: number): Field {
  if (factor === 1) return field;
  const columns = field.columns;
  return {
    time: blockMean(field.time, 1, columns, factor),
    coi: blockMean(field.coi, 1, columns, factor),
    power: blockMean(field.power, rows, columns, factor),
    significance: field.significance && blockMean(field.significance, rows, columns, factor),
    phase: field.phase && blockMean(field.phase, rows, columns, factor, true),
    columns: Math.ceil(columns / factor),
  };
}

/** Cells of equal colour class along one row: columns [start, end). */
interface Run {
  readonly row: number;
  readonly start: number;
  readonly end: number;
  readonly level: number;
}

/** Runs of equal class index along each row of a row-major [rows, columns] class field (−1 = not drawn, skipped). */
function colourRuns(index: Int32Array, rows: number, columns: number): Run[] {
  const runs: Run[] = [];
  for (let row = 0; row < rows; row++) {
    let start = 0;
    for (let c = 1; c <= columns; c++) {
      const level = index[row * columns + start];
      if (c < columns && index[row * columns + c] === level) continue;
      if (level >= 0) runs.push({ row, start, end: c, level });
      start = c;
    }
  }
  return runs;
}

function readField(input: WaveletPlotInput, rows: number): Field {
  const time = toEpochMs(input.time, 'time');
  const columns = time.length;
  if (columns < 2) throw new InvalidParameterError('time', 'needs at least 2 time steps');
  const coi = numbers(input.coi, 'coi', columns);
  const power = matrix(input.power, rows, columns, 'power').values;
  const significance = input.significance === undefined ? undefined : matrix(input.significance, rows, columns, 'significance').values;
  const phase = input.phase === undefined ? undefined : matrix(input.phase, rows, columns, 'phase').values;
  if (phase && input.kind === 'power') throw new InvalidParameterError('phase', "is only drawn for kind 'xwt' or 'wtc'");
  return { time, coi, power, significance, phase, columns };
}

/**
 * Wavelet spectrum plot as an SVG string, in the style of Torrence & Compo (1998) and Grinsted et al.
 * (2004): the field as a heat map over time × period (log2 period axis, short periods at the top),
 * in discrete colour classes (octaves of power, or tenths of R²; viridis); the cone of influence
 * shaded pale with a dashed edge; black contours where `significance` = 1; and, for 'xwt' and 'wtc',
 * phase arrows on a thinned grid (about 36 × 14) where the field is significant (when `significance`
 * is given) and outside the cone of influence — → in phase, ← anti-phase, ↓ first series leading by
 * 90°. Long series are block-averaged to {@link MAX_WAVELET_COLUMNS} columns, and equal neighbouring
 * cells are merged; a field too noisy for {@link MAX_WAVELET_CELLS} cells is averaged further. This keeps
 * the SVG below about 1 MB.
 */
export async function waveletPlot(input: WaveletPlotInput): Promise<string> {
  const title = requireText(input?.title, 'title');
  const kind = oneOf(input.kind, ['power', 'xwt', 'wtc'] as const, 'kind');
  const periodUnit = requireText(input.periodUnit ?? 'days', 'periodUnit');
  const powerTitle = requireText(input.powerTitle ?? DEFAULT_POWER_TITLE[kind], 'powerTitle');
  const periods = increasing(input.periods, 'periods', 2);
  if (!(periods[0] > 0)) throw new InvalidParameterError('periods', 'must be positive');
  const rows = periods.length;
  const full = readField(input, rows);
  let factor = Math.ceil(full.columns / MAX_WAVELET_COLUMNS);
  let field: Field;
  let levels: Levels;
  let runs: Run[];
  for (;;) {
    field = thin(full, rows, factor);
    levels = kind === 'wtc' ? coherenceLevels(field.power) : octaveLevels(field.power);
    runs = colourRuns(levels.index, rows, field.columns);
    if (runs.length <= MAX_WAVELET_CELLS || field.columns / 2 < MIN_WAVELET_COLUMNS) break;
    factor *= 2;
  }
  const { time, coi, columns } = field;
  const tEdges = cellEdges(time);
  const pEdges = cellEdges(periods, true);
  const pMin = pEdges[0];
  const pMax = pEdges[rows];
  const logPeriods = periods.map(Math.log);
  const periodAt = (row: number): number => Math.exp(interpolateAt(logPeriods, row));

  // Each cell reaches a little under its right and lower neighbours, which are drawn after it, so
  // that anti-aliasing leaves no hairline seams between cells; the outermost overhang is clipped.
  const cells = runs.map((run) => ({
    t0: tEdges[run.start],
    t1: tEdges[run.end] + SEAM_OVERLAP * (tEdges[1] - tEdges[0]),
    p0: pEdges[run.row],
    p1: pEdges[run.row + 1] * (pEdges[1] / pEdges[0]) ** SEAM_OVERLAP,
    level: levels.labels[run.level],
  }));
  const clampPeriod = (p: number): number => Math.min(pMax, Math.max(pMin, Number.isNaN(p) ? pMin : p));
  const cone = [
    { t: tEdges[0], coi: clampPeriod(coi[0]), bottom: pMax },
    ...Array.from(time, (t, c) => ({ t, coi: clampPeriod(coi[c]), bottom: pMax })),
    { t: tEdges[columns], coi: clampPeriod(coi[columns - 1]), bottom: pMax },
  ];
  const contours = field.significance
    ? isolines(field.significance, rows, columns, 1).flatMap((line, i) =>
        line.map(([c, r], k) => ({ path: i, k, t: interpolateAt(time, c), p: periodAt(r) })),
      )
    : [];
  const arrows: object[] = [];
  if (field.phase) {
    const colStride = Math.max(1, Math.round(columns / ARROW_COLUMNS));
    const rowStride = Math.max(1, Math.round(rows / ARROW_ROWS));
    for (let r = Math.floor(rowStride / 2); r < rows; r += rowStride) {
      for (let c = Math.floor(colStride / 2); c < columns; c += colStride) {
        const i = r * columns + c;
        const phase = field.phase[i];
        const significant = !field.significance || field.significance[i] >= 1;
        if (Number.isNaN(phase) || !significant || !(periods[r] <= coi[c])) continue;
        arrows.push({ t: time[c], p: periods[r], angle: (((phase * 180) / Math.PI) % 360 + 360) % 360 });
      }
    }
  }

  const notes = [
    'Pale: cone of influence (edge effects)' + (field.significance ? '; black contours: significant' : ''),
    ...(field.phase ? ['Arrows: phase (→ in phase, ← anti-phase, ↓ first series leads by 90°)'] : []),
  ];
  // Scales and axes are declared once, on the first layer; the other layers share them.
  const x = { field: 't', type: 'temporal' };
  const y = { field: 'p', type: 'quantitative' };
  const layer: object[] = [
    {
      name: 'wavelet_cells',
      data: { values: cells },
      mark: { type: 'rect', strokeWidth: 0, aria: false, clip: true },
      encoding: {
        x: { field: 't0', type: 'temporal', title: 'Date', scale: { type: 'utc', nice: false } },
        x2: { field: 't1' },
        y: {
          field: 'p0',
          type: 'quantitative',
          title: `Period (${periodUnit})`,
          scale: { type: 'log', base: 2, domain: [pMin, pMax], nice: false, reverse: true },
          axis: { values: powersOfTwoWithin(pMin, pMax), grid: false, format: '~g' },
        },
        y2: { field: 'p1' },
        color: {
          field: 'level',
          type: 'ordinal',
          sort: levels.labels,
          scale: { domain: levels.labels, scheme: 'viridis' },
          legend: { title: powerTitle, symbolType: 'square', symbolSize: 120, orient: 'bottom', direction: 'horizontal', columns: 6, columnPadding: 14 },
        },
      },
    },
    {
      name: 'wavelet_cone',
      data: { values: cone },
      mark: { type: 'area', color: 'white', opacity: 0.55 },
      encoding: { x, y: { ...y, field: 'coi' }, y2: { field: 'bottom' } },
    },
    {
      name: 'wavelet_cone_edge',
      data: { values: cone },
      mark: { type: 'line', color: 'black', strokeDash: [5, 3], strokeWidth: 1 },
      encoding: { x, y: { ...y, field: 'coi' } },
    },
  ];
  if (contours.length > 0) {
    layer.push({
      name: 'wavelet_significance',
      data: { values: contours },
      mark: { type: 'line', color: 'black', strokeWidth: 1.4, interpolate: 'linear' },
      encoding: { x, y, detail: { field: 'path' }, order: { field: 'k' } },
    });
  }
  if (arrows.length > 0) {
    layer.push({
      name: 'wavelet_phase',
      data: { values: arrows },
      mark: { type: 'point', shape: ARROW_PATH, filled: false, color: 'black', strokeWidth: 1.2, size: 90 },
      encoding: { x, y, angle: { field: 'angle', type: 'quantitative', scale: null } },
    });
  }
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: notes },
    width: 560,
    height: 280,
    config: FIGURE_CONFIG,
    layer,
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

function powersOfTwoWithin(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let k = Math.ceil(Math.log2(lo)); k <= Math.floor(Math.log2(hi)); k++) out.push(2 ** k);
  return out;
}

