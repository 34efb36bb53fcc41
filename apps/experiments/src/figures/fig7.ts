/**
 * Fig. 7: factorial response surfaces of the guided seasonal and IAV LSTMs: the mean simulated NEE
 * band when two drivers' bands are moved over a grid (the whole 365-day course of each window shifted
 * so that its last day takes the grid value), all other inputs as observed, over a group's test
 * windows (under leave-site-out, its held-out sites' whole records); cells where the observed last-day pairs are sparse (KDE below its 10th percentile) are
 * masked. Pairs: temperature × radiation and wind × precipitation, where the run has those drivers.
 */
import { factorialResponse, percentile, responseSurface, type FactorialResponse } from '@fluxscale/evaluation';
import { bandLabel, GUIDED_BANDS, type GuidedBand } from '@fluxscale/decomposition';
import type { RunContext } from '../pipeline/context.js';
import { evenlySpaced, finishedUnit, fittedGroups, FigureInputError, lastDay, testWindows, loadLstm, writeFigureCsv, writeFigureSvg } from './inputs.js';
import type { FigurePanel, FigureRecord, Finding } from './record.js';

/** Driver labels with units. */
const DRIVER_LABEL: Readonly<Record<string, string>> = {
  TA_F: 'temperature (°C)',
  SW_IN_F: 'shortwave radiation (W m⁻²)',
  NETRAD: 'net radiation (W m⁻²)',
  WS_F: 'wind speed (m s⁻¹)',
  P_F: 'precipitation (mm d⁻¹)',
  VPD_F: 'VPD (hPa)',
};

/** The driver pairs of Fig. 7 that a run's drivers allow: temperature × radiation (NETRAD, else SW_IN_F) and wind × precipitation. */
export function responsePairs(drivers: readonly string[]): Array<readonly [string, string]> {
  const radiation = ['NETRAD', 'SW_IN_F'].find((d) => drivers.includes(d));
  const pairs: Array<readonly [string, string]> = [];
  if (drivers.includes('TA_F') && radiation) pairs.push(['TA_F', radiation]);
  if (drivers.includes('WS_F') && drivers.includes('P_F')) pairs.push(['WS_F', 'P_F']);
  return pairs;
}

/** The groups to draw: the configured ones present in the run, else up to three with the most sites. */
export function responseGroups(ctx: RunContext, wanted: readonly string[]): string[] {
  const present = fittedGroups(ctx);
  const chosen = wanted.filter((g) => present.includes(g));
  if (chosen.length > 0) return chosen;
  const sites = (g: string) => ctx.units.find((u) => u.kind === 'fit' && u.group === g)?.sites?.length ?? 0;
  return [...present].sort((a, b) => sites(b) - sites(a) || a.localeCompare(b)).slice(0, 3);
}

/** Least-squares plane z ≈ a + b·x + c·y over the unmasked cells; returns b, c and the share of variance the plane leaves. */
export function planeFit(r: Pick<FactorialResponse, 'x' | 'y' | 'z' | 'mask' | 'nx' | 'ny'>): { bx: number; by: number; residualShare: number } {
  const cells: Array<[number, number, number]> = [];
  for (let iy = 0; iy < r.ny; iy++) for (let ix = 0; ix < r.nx; ix++) if (!r.mask[iy * r.nx + ix]) cells.push([r.x[ix], r.y[iy], r.z[iy * r.nx + ix]]);
  const n = cells.length;
  const mean = [0, 1, 2].map((k) => cells.reduce((s, c) => s + c[k], 0) / n);
  let sxx = 0, syy = 0, sxy = 0, sxz = 0, syz = 0, szz = 0;
  for (const [x, y, z] of cells) {
    const dx = x - mean[0], dy = y - mean[1], dz = z - mean[2];
    sxx += dx * dx; syy += dy * dy; sxy += dx * dy; sxz += dx * dz; syz += dy * dz; szz += dz * dz;
  }
  const det = sxx * syy - sxy * sxy;
  const bx = (sxz * syy - syz * sxy) / det;
  const by = (syz * sxx - sxz * sxy) / det;
  const explained = bx * sxz + by * syz;
  return { bx, by, residualShare: szz > 0 ? 1 - explained / szz : 0 };
}

/** One response surface with the plane fitted to it. */
interface Surface {
  readonly group: string;
  readonly task: GuidedBand;
  readonly pair: readonly [string, string];
  readonly response: FactorialResponse;
  readonly plane: ReturnType<typeof planeFit>;
}

/** The paper's Fig. 7 findings checked on the temperature × radiation surfaces. */
export function responseFindings(surfaces: readonly Surface[]): Finding[] {
  const tr = surfaces.filter((s) => s.pair[0] === 'TA_F');
  const seasonal = tr.filter((s) => s.task === 'seasonal');
  const synergic = seasonal.filter((s) => Math.sign(s.plane.bx) === Math.sign(s.plane.by));
  const complex = seasonal.filter((s) => {
    const iav = tr.find((t) => t.task === 'iav' && t.group === s.group);
    return iav !== undefined && iav.plane.residualShare > s.plane.residualShare;
  });
  const share = (s: Surface) => `${s.group} ${(100 * s.plane.residualShare).toFixed(0)} %`;
  return [
    {
      id: 'fig7-seasonal-synergy',
      claim: 'Temperature and radiation act together on seasonal NEE: raising either moves it the same way',
      paper: 'Fig. 7: typical synergistic effect of temperature and radiation on seasonal NEE in GRA, DBF and ENF+EBF',
      observed: `same sign of the temperature and radiation slopes in ${synergic.length} of ${seasonal.length} groups`,
      reproduced: seasonal.length === 0 ? null : synergic.length > seasonal.length / 2,
    },
    {
      id: 'fig7-iav-complex',
      claim: 'IAV responses are more complex (less planar) than seasonal ones',
      paper: 'Fig. 7: interactions at the interannual scale are more complex, with changes of direction (e.g. DBF around −0.6 °C)',
      observed: `variance a plane leaves: IAV above seasonal in ${complex.length} of ${seasonal.length} groups (seasonal: ${seasonal.map(share).join(', ')}; IAV: ${tr.filter((s) => s.task === 'iav').map(share).join(', ')})`,
      reproduced: seasonal.length === 0 ? null : complex.length > seasonal.length / 2,
    },
  ];
}

/** Evenly spaced values from the 2nd to the 98th percentile of `values`. */
function gridOver(values: Float64Array, cells: number): Float64Array {
  const lo = percentile(values, 2);
  const hi = percentile(values, 98);
  return Float64Array.from({ length: cells }, (_, k) => lo + ((hi - lo) * k) / (cells - 1));
}

/** Draws Fig. 7 into RUN_DIR/figures/fig7 and returns the record. */
export async function drawFig7(ctx: RunContext, options: { log?: (line: string) => void } = {}): Promise<FigureRecord> {
  const { factorial } = ctx.config.figures;
  const pairs = responsePairs(ctx.config.data.drivers);
  if (pairs.length === 0) {
    throw new FigureInputError(`fig7 needs TA_F with NETRAD or SW_IN_F, or WS_F with P_F among the drivers; this run has ${ctx.config.data.drivers.join(', ')}`);
  }
  const groups = responseGroups(ctx, factorial.groups);
  const surfaces: Surface[] = [];
  const panels: FigurePanel[] = [];
  const rows: Record<string, unknown>[] = [];
  for (const group of groups) {
    for (const task of GUIDED_BANDS) {
      const fit = finishedUnit(ctx, 'fig7', 'fit', { group, task, model: 'lstm' });
      const { model, scaler } = await loadLstm(ctx, fit);
      const test = testWindows(ctx, fit, task, scaler);
      const windows = test.batch(evenlySpaced(test.size, factorial.windows));
      for (const pair of pairs) {
        const [ix, iy] = pair.map((d) => test.featureNames.indexOf(d));
        const axis = (i: number) => ({ mean: scaler.xMean[i], std: scaler.xStd[i] });
        const physical = (i: number) => Float64Array.from(lastDay(windows.x, windows.size, windows.window, windows.features, i), (v) => v * scaler.xStd[i] + scaler.xMean[i]);
        const response = await factorialResponse(model.windowFunction(), {
          windows,
          featureIndex: { x: ix, y: iy },
          gridX: gridOver(physical(ix), factorial.grid),
          gridY: gridOver(physical(iy), factorial.grid),
          mode: 'level',
          scale: { x: axis(ix), y: axis(iy), output: { mean: scaler.yMean, std: scaler.yStd } },
        });
        const surface: Surface = { group, task, pair, response, plane: planeFit(response) };
        surfaces.push(surface);
        const name = `fig7-${group.replace(/\+/g, '-')}-${task}-${pair.join('-')}.svg`;
        const svg = await responseSurface({
          x: { name: `${DRIVER_LABEL[pair[0]] ?? pair[0]}, ${bandLabel(task)} band`, values: response.x },
          y: { name: `${DRIVER_LABEL[pair[1]] ?? pair[1]}, ${bandLabel(task)} band`, values: response.y },
          z: response.z,
          mask: response.mask,
          title: `${group}: ${bandLabel(task)} LSTM, ${pair.join(' × ')}`,
          zTitle: `${bandLabel(task)} NEE (gC m⁻² d⁻¹)`,
        });
        panels.push({ file: writeFigureSvg(ctx.runDir, 'fig7', name, svg), title: `Fig. 7 — ${group}, ${bandLabel(task)} LSTM: ${pair.join(' × ')}` });
        for (let k = 0; k < response.z.length; k++) {
          const jx = k % response.nx;
          const jy = Math.floor(k / response.nx);
          rows.push({ group, task, x: pair[0], y: pair[1], xValue: response.x[jx], yValue: response.y[jy], nee: response.z[k], density: response.density[k], masked: response.mask[k] });
        }
      }
      model.release();
      options.log?.(`fig7: ${group} ${bandLabel(task)} LSTM: ${pairs.length} surface(s) over ${windows.size} windows`);
    }
  }
  const data = [
    writeFigureCsv(ctx.runDir, 'fig7', 'fig7-surfaces.csv', ['group', 'task', 'x', 'y', 'xValue', 'yValue', 'nee', 'density', 'masked'], rows),
    writeFigureCsv(
      ctx.runDir,
      'fig7',
      'fig7-planes.csv',
      ['group', 'task', 'x', 'y', 'slopeX', 'slopeY', 'residualShare'],
      surfaces.map((s) => ({ group: s.group, task: s.task, x: s.pair[0], y: s.pair[1], slopeX: s.plane.bx, slopeY: s.plane.by, residualShare: s.plane.residualShare })),
    ),
  ];
  return {
    id: 'fig7',
    title: 'Fig. 7 — factorial responses of the guided LSTMs',
    caption: `Mean simulated NEE band over ${factorial.windows} test windows per group when two drivers' bands are set over a ${factorial.grid} × ${factorial.grid} grid (2nd–98th percentile of their observed last-day values; the whole window shifted), other inputs as observed. Grey hatched: KDE density of the observed pairs below its 10th percentile. fig7-planes.csv: slopes of a plane fitted to each surface (NEE units per axis unit) and the share of variance it leaves.`,
    panels,
    data,
    findings: responseFindings(surfaces),
    settings: { ...factorial, groups, pairs },
    createdAt: new Date().toISOString(),
  };
}
