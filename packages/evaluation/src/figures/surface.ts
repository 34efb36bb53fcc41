import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import { cellEdges } from './grid.js';
import { renderVegaLite } from './render.js';
import { FIGURE_CONFIG, MISSING_FILL } from './theme.js';
import { booleanMask, increasing, matrix, requireText } from './validate.js';

/** One axis of a response surface: its title (with units) and its grid values (cell centres). */
export interface SurfaceAxis {
  /** Axis title with units, e.g. 'TA (°C)'. */
  readonly name: string;
  /** Grid values, strictly increasing. */
  readonly values: ArrayLike<number>;
}

/** Input of {@link responseSurface}. */
export interface ResponseSurfaceInput {
  readonly x: SurfaceAxis;
  readonly y: SurfaceAxis;
  /** Response, row-major [y.values.length, x.values.length], in the units of `zTitle`; NaN = no value. */
  readonly z: ArrayLike<number> | readonly ArrayLike<number>[];
  /** Row-major like `z`: true (or 1) where the inputs are too sparse to trust the response. */
  readonly mask?: ArrayLike<boolean | number>;
  readonly title: string;
  /** Colour legend title with units, e.g. 'NEE response (gC m⁻² d⁻¹)'. */
  readonly zTitle: string;
}

const HATCH = '#8c8c8c';

/**
 * Response surface (e.g. a model's partial response to two drivers) as an SVG string: a heat map of
 * `z` over the x × y grid, viridis — or, when `z` takes both signs, the colour-blind-safe diverging
 * blue–orange over ±max|z|, so that equal magnitudes get equally strong colours. Masked cells (low data density) and cells without a value are drawn grey
 * with a diagonal hatch line, so they read as "not supported by data" also in greyscale print.
 */
export async function responseSurface(input: ResponseSurfaceInput): Promise<string> {
  const title = requireText(input?.title, 'title');
  const zTitle = requireText(input.zTitle, 'zTitle');
  const xTitle = requireText(input.x?.name, 'x.name');
  const yTitle = requireText(input.y?.name, 'y.name');
  const xs = increasing(input.x.values, 'x.values', 2);
  const ys = increasing(input.y.values, 'y.values', 2);
  const z = matrix(input.z, ys.length, xs.length, 'z').values;
  const mask = input.mask === undefined ? new Uint8Array(z.length) : booleanMask(input.mask, 'mask', z.length);
  const xe = cellEdges(xs);
  const ye = cellEdges(ys);
  const cells = Array.from(z, (value, i) => {
    const r = Math.floor(i / xs.length);
    const c = i % xs.length;
    const masked = mask[i] === 1 || Number.isNaN(value);
    return { x0: xe[c], x1: xe[c + 1], y0: ye[r], y1: ye[r + 1], z: masked ? null : value };
  });
  const present = cells.flatMap((cell) => (cell.z === null ? [] : [cell.z]));
  const diverging = present.some((v) => v < 0) && present.some((v) => v > 0);
  const extent = present.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const position = {
    x: { field: 'x0', type: 'quantitative', title: xTitle, scale: { domain: [xe[0], xe[xs.length]], nice: false, zero: false } },
    x2: { field: 'x1' },
    y: { field: 'y0', type: 'quantitative', title: yTitle, scale: { domain: [ye[0], ye[ys.length]], nice: false, zero: false } },
    y2: { field: 'y1' },
  };
  const maskedCount = cells.length - present.length;
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: maskedCount > 0 ? { text: title, subtitle: 'Grey hatched: low data density (not shown)' } : title,
    width: 460,
    height: 360,
    config: FIGURE_CONFIG,
    data: { values: cells },
    layer: [
      {
        name: 'surface_cells',
        transform: [{ filter: 'isValid(datum.z)' }],
        mark: { type: 'rect', strokeWidth: 0 },
        encoding: {
          ...position,
          color: {
            field: 'z',
            type: 'quantitative',
            title: zTitle,
            scale: diverging ? { scheme: 'blueorange', domain: [-extent, extent] } : { scheme: 'viridis' },
            legend: { gradientLength: 260 },
          },
        },
      },
      {
        name: 'surface_masked',
        transform: [{ filter: '!isValid(datum.z)' }],
        mark: { type: 'rect', fill: MISSING_FILL, stroke: 'white', strokeWidth: 0.5 },
        encoding: position,
      },
      {
        name: 'surface_hatch',
        transform: [{ filter: '!isValid(datum.z)' }],
        mark: { type: 'rule', color: HATCH, strokeWidth: 0.8 },
        encoding: { x: position.x, x2: position.x2, y: { ...position.y, field: 'y1' }, y2: { field: 'y0' } },
      },
    ],
  } as TopLevelSpec;
  return renderVegaLite(spec);
}
