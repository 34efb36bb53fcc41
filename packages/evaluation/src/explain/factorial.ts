/**
 * Factorial response surfaces (Fig. 7): the mean model output over a set of observed windows when two
 * drivers are moved to the values of a grid, all other inputs held as observed; grid cells with little
 * support in the observed data are masked by a 2-D Gaussian KDE of the observed driver pairs.
 */
import { InvalidParameterError } from '../metrics/errors.js';
import { percentile } from '../metrics/percentiles.js';
import { gaussianKde2d } from './kde.js';
import { positiveInteger, predictRows, toWindowArray, windowRows, type ExplainedModel, type RowStream, type WindowArray, type WindowInput } from './windows.js';

/**
 * How a grid value v is imposed on a driver's column of a window (v in window units):
 * - 'level': the whole column is shifted so that its last-day value becomes v (the window's own
 *   day-to-day course is kept; a change of the driver's level);
 * - 'last-day': only the last day's value is set to v (the response to the current day's driver).
 */
export type FactorialMode = 'level' | 'last-day';

/** Linear standardisation of one quantity: window (or model) value = (physical − mean) / std. */
export interface Affine {
  readonly mean: number;
  readonly std: number;
}

/** Options of {@link factorialResponse}. */
export interface FactorialOptions {
  /** Observed windows [n, window, features] the drivers are moved in. */
  readonly windows: WindowInput;
  /** Feature indices of the drivers on the x and y axes. */
  readonly featureIndex: { readonly x: number; readonly y: number };
  /** Grid values of the x and y drivers, in axis units (physical when `scale` gives the standardisation). */
  readonly gridX: ArrayLike<number>;
  readonly gridY: ArrayLike<number>;
  /** Default 'level'. */
  readonly mode?: FactorialMode;
  /** Windows per model call (default 256). */
  readonly batchSize?: number;
  /**
   * Standardisation of the x and y drivers and of the model output; absent parts are identities (axis units =
   * window units, response in model units).
   */
  readonly scale?: { readonly x?: Affine; readonly y?: Affine; readonly output?: Affine };
  /** Observed (x, y) driver pairs for the density mask, axis units (default: the windows' last-day values). */
  readonly observed?: { readonly x: ArrayLike<number>; readonly y: ArrayLike<number> };
  /** Cells whose density is below this percentile of the cell densities are masked (default 10). */
  readonly maskPercentile?: number;
}

/** Result of {@link factorialResponse}; surfaces are row-major [ny, nx] (index iy·nx + ix). */
export interface FactorialResponse {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly nx: number;
  readonly ny: number;
  /** Mean model output per cell (output units). */
  readonly z: Float64Array;
  /** KDE density of the observed pairs at each cell, 1 / (x unit · y unit). */
  readonly density: Float64Array;
  /** 1 where density < the maskPercentile-th percentile of the cell densities (too few data), else 0. */
  readonly mask: Uint8Array;
  readonly densityThreshold: number;
  /** Mean model output of the unmodified windows (output units). */
  readonly reference: number;
  readonly mode: FactorialMode;
}

const IDENTITY: Affine = { mean: 0, std: 1 };

function checkAffine(a: Affine | undefined, parameter: string): Affine {
  if (a === undefined) return IDENTITY;
  if (!Number.isFinite(a.mean) || !(a.std > 0) || !Number.isFinite(a.std)) {
    throw new InvalidParameterError(parameter, `needs a finite mean and a positive finite std, got ${a.mean}, ${a.std}`);
  }
  return a;
}

function checkGrid(values: ArrayLike<number>, parameter: string): Float64Array {
  if (values.length < 1) throw new InvalidParameterError(parameter, 'needs at least one value');
  const grid = Float64Array.from(values);
  grid.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new InvalidParameterError(parameter, `non-finite value at index ${i}`);
  });
  return grid;
}

function checkFeature(index: number, features: number, parameter: string): number {
  if (!Number.isInteger(index) || index < 0 || index >= features) {
    throw new InvalidParameterError(parameter, `must be an integer in [0, ${features - 1}], got ${index}`);
  }
  return index;
}

/** Imposes window value v on column `feature` of one window (row-major [window, features]) in place. */
function impose(target: Float32Array, window: number, features: number, feature: number, v: number, mode: FactorialMode): void {
  const last = (window - 1) * features + feature;
  if (mode === 'last-day') {
    target[last] = v;
    return;
  }
  const shift = v - target[last];
  for (let k = feature; k < target.length; k += features) target[k] += shift;
}

/** The last-day values of the x and y drivers of each window, in axis units. */
function lastDayPairs(windows: WindowArray, fx: number, fy: number, sx: Affine, sy: Affine): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(windows.n);
  const y = new Float64Array(windows.n);
  const last = (windows.window - 1) * windows.features;
  for (let i = 0; i < windows.n; i++) {
    const offset = i * windows.window * windows.features + last;
    x[i] = windows.x[offset + fx] * sx.std + sx.mean;
    y[i] = windows.x[offset + fy] * sy.std + sy.mean;
  }
  return { x, y };
}

/**
 * Response surface of `model` to two drivers: for each grid cell (gridX[ix], gridY[iy]) every observed window has
 * its x and y drivers moved to the cell's values (see {@link FactorialMode}), and z is the mean prediction over the
 * windows, in output units. The density mask uses a Scott-bandwidth Gaussian KDE of the observed pairs.
 * Costs nx·ny·n + n model evaluations.
 */
export async function factorialResponse(model: ExplainedModel, options: FactorialOptions): Promise<FactorialResponse> {
  const windows = toWindowArray(options.windows, 'windows');
  const fx = checkFeature(options.featureIndex?.x, windows.features, 'featureIndex.x');
  const fy = checkFeature(options.featureIndex?.y, windows.features, 'featureIndex.y');
  if (fx === fy) throw new InvalidParameterError('featureIndex', 'x and y must be different features');
  const gridX = checkGrid(options.gridX, 'gridX');
  const gridY = checkGrid(options.gridY, 'gridY');
  const mode = options.mode ?? 'level';
  if (mode !== 'level' && mode !== 'last-day') throw new InvalidParameterError('mode', `must be 'level' or 'last-day', got '${String(mode)}'`);
  const batchSize = positiveInteger(options.batchSize, 256, 'batchSize');
  const sx = checkAffine(options.scale?.x, 'scale.x');
  const sy = checkAffine(options.scale?.y, 'scale.y');
  const so = checkAffine(options.scale?.output, 'scale.output');
  const q = options.maskPercentile ?? 10;
  if (!(q >= 0 && q <= 100)) throw new InvalidParameterError('maskPercentile', `must be in [0, 100], got ${q}`);

  const nx = gridX.length;
  const ny = gridY.length;
  const length = windows.window * windows.features;
  const cells: RowStream = {
    total: nx * ny * windows.n,
    window: windows.window,
    features: windows.features,
    fill: (row, target) => {
      const cell = Math.floor(row / windows.n);
      const i = row - cell * windows.n;
      target.set(windows.x.subarray(i * length, (i + 1) * length));
      impose(target, windows.window, windows.features, fx, (gridX[cell % nx] - sx.mean) / sx.std, mode);
      impose(target, windows.window, windows.features, fy, (gridY[Math.floor(cell / nx)] - sy.mean) / sy.std, mode);
    },
  };
  const predictions = await predictRows(model, cells, batchSize);
  const z = new Float64Array(nx * ny);
  for (let row = 0; row < predictions.length; row++) z[Math.floor(row / windows.n)] += predictions[row];
  for (let c = 0; c < z.length; c++) z[c] = (z[c] / windows.n) * so.std + so.mean;

  const observed = await predictRows(model, windowRows(windows), batchSize);
  let reference = 0;
  for (let i = 0; i < windows.n; i++) reference += observed[i];
  reference = (reference / windows.n) * so.std + so.mean;

  const pairs = options.observed ?? lastDayPairs(windows, fx, fy, sx, sy);
  const kde = gaussianKde2d(pairs.x, pairs.y);
  const cellX = new Float64Array(nx * ny);
  const cellY = new Float64Array(nx * ny);
  for (let c = 0; c < nx * ny; c++) {
    cellX[c] = gridX[c % nx];
    cellY[c] = gridY[Math.floor(c / nx)];
  }
  const density = kde.evaluate(cellX, cellY);
  const densityThreshold = percentile(density, q);
  const mask = Uint8Array.from(density, (d) => (d < densityThreshold ? 1 : 0));
  return { x: gridX, y: gridY, nx, ny, z, density, mask, densityThreshold, reference, mode };
}
