import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import { InvalidParameterError } from '../metrics/errors.js';
import { renderVegaLite } from './render.js';
import { CATEGORY_COLORS, CATEGORY_SHAPES, FIGURE_CONFIG } from './theme.js';
import { requireText } from './validate.js';

/** One model on a Taylor diagram. */
export interface TaylorModel {
  /** Legend label. */
  readonly name: string;
  /** SD of the model divided by the SD of the reference (unitless, ≥ 0). */
  readonly sdRatio: number;
  /** Pearson correlation with the reference, in [−1, 1]. */
  readonly correlation: number;
  /** Optional group (e.g. ecosystem or band), for every model or for none: groups get distinct point shapes. */
  readonly group?: string;
}

/** Input of {@link taylorDiagram}. */
export interface TaylorDiagramInput {
  readonly models: readonly TaylorModel[];
  readonly title: string;
  /** Radial axis title (default 'Standard deviation (normalised)'). */
  readonly sdTitle?: string;
  /**
   * Outer radius of the diagram in normalised SD (default: room for every model). Models beyond it
   * are drawn as open symbols on the outer arc at their correlation, so that one far-off model does
   * not squeeze the others into the reference corner.
   */
  readonly maxSdRatio?: number;
}

const CORRELATION_TICKS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];
const ARC_STEPS = 90;
const GUIDE_GREY = '#9e9e9e';
const RMS_COLOR = '#2E8B57';

interface Point {
  readonly x: number;
  readonly y: number;
}

interface PathPoint extends Point {
  readonly path: string;
  readonly k: number;
}

function polar(radius: number, angle: number): Point {
  return { x: radius * Math.cos(angle), y: radius * Math.sin(angle) };
}

/**
 * A circular arc centred at (cx, 0) as numbered points, kept inside the diagram (radius ≤ sdMax,
 * y ≥ 0, x ≥ 0 unless `half`); each stretch inside gets its own path id.
 */
function arc(path: string, cx: number, radius: number, from: number, to: number, sdMax: number, half: boolean): PathPoint[] {
  const out: PathPoint[] = [];
  let piece = 0;
  let inside = false;
  for (let i = 0; i <= ARC_STEPS; i++) {
    const p = polar(radius, from + ((to - from) * i) / ARC_STEPS);
    const x = cx + p.x;
    const ok = Math.hypot(x, p.y) <= sdMax + 1e-9 && p.y >= -1e-9 && (half || x >= -1e-9);
    if (ok && !inside) piece++;
    inside = ok;
    if (ok) out.push({ path: `${path}#${piece}`, k: i, x, y: p.y });
  }
  return out;
}

const GRID_STEPS = [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100];

/** Nice step for the SD circles and RMS arcs: the smallest of 0.25, 0.5, 1, 2, 5, … giving at most 8 circles. */
function gridStep(sdMax: number): number {
  return GRID_STEPS.find((step) => sdMax / step <= 8) ?? Math.pow(10, Math.ceil(Math.log10(sdMax / 8)));
}

function line(values: PathPoint[], color: string, dash: number[], name: string): object {
  return {
    name,
    data: { values },
    mark: { type: 'line', color, strokeWidth: 1, strokeDash: dash, clip: false },
    encoding: {
      x: { field: 'x', type: 'quantitative' },
      y: { field: 'y', type: 'quantitative' },
      detail: { field: 'path' },
      order: { field: 'k' },
    },
  };
}

function text(values: Array<Point & { label: string }>, color: string, extra: object, name: string): object {
  return {
    name,
    data: { values },
    mark: { type: 'text', color, fontSize: 11, clip: false, ...extra },
    encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } },
  };
}

function checkModels(models: readonly TaylorModel[]): void {
  if (!Array.isArray(models) || models.length === 0) throw new InvalidParameterError('models', 'must be a non-empty array');
  const grouped = models[0]?.group !== undefined;
  const names = new Set<string>();
  models.forEach((m, i) => {
    const name = requireText(m?.name, `models[${i}].name`);
    if (!(Number.isFinite(m.sdRatio) && m.sdRatio >= 0)) throw new InvalidParameterError(`models[${i}].sdRatio`, `must be a finite number ≥ 0, got ${m.sdRatio}`);
    if (!(m.correlation >= -1 && m.correlation <= 1)) throw new InvalidParameterError(`models[${i}].correlation`, `must be in [-1, 1], got ${m.correlation}`);
    if ((m.group !== undefined) !== grouped) throw new InvalidParameterError(`models[${i}].group`, 'give a group for every model or for none');
    if (grouped) requireText(m.group, `models[${i}].group`);
    const key = `${name}\u0000${m.group ?? ''}`;
    if (names.has(key)) throw new InvalidParameterError('models', `duplicate model '${name}'${m.group ? ` in group '${m.group}'` : ''}`);
    names.add(key);
  });
}

/**
 * Taylor diagram (Taylor 2001) as an SVG string: each model at radius = normalised SD and angle =
 * acos(correlation), with SD circles (grey, dashed), correlation rays and labels on the outer arc,
 * centred-RMS-difference arcs around the reference point (1, 0) (green, labelled), and the reference
 * point itself. A quarter plane when every correlation is ≥ 0, else a half plane. Models are coloured
 * by name (Okabe–Ito) and shaped by group; the legend lists both. Models beyond `maxSdRatio` are open
 * symbols on the outer arc. At most 8 SD circles and RMS arcs are drawn (steps 0.25, 0.5, 1, 2, 5, …).
 */
export async function taylorDiagram(input: TaylorDiagramInput): Promise<string> {
  const title = requireText(input?.title, 'title');
  const sdTitle = requireText(input.sdTitle ?? 'Standard deviation (normalised)', 'sdTitle');
  checkModels(input.models);
  const models = input.models;
  const half = models.some((m) => m.correlation < 0);
  const cap = input.maxSdRatio;
  if (cap !== undefined && !(Number.isFinite(cap) && cap >= 1)) throw new InvalidParameterError('maxSdRatio', `must be a finite number ≥ 1, got ${cap}`);
  const maxSd = cap ?? Math.max(1, ...models.map((m) => m.sdRatio));
  const step = gridStep(maxSd * 1.1);
  const sdMax = cap ?? Math.ceil((maxSd * 1.1) / step) * step;
  const maxAngle = half ? Math.PI : Math.PI / 2;

  const sdCircles: PathPoint[] = [];
  for (let s = step; s < sdMax - 1e-9; s += step) sdCircles.push(...arc(`sd${s}`, 0, s, 0, maxAngle, sdMax, half));
  const frame = arc('frame', 0, sdMax, 0, maxAngle, sdMax, half);
  const ticks = half ? [...CORRELATION_TICKS.slice(1).map((r) => -r).reverse(), ...CORRELATION_TICKS] : CORRELATION_TICKS;
  const rays = ticks
    .filter((r) => r !== 0 || half)
    .flatMap((r, i) => [0, 1].map((k) => ({ path: `ray${i}`, k, ...polar(k * sdMax, Math.acos(r)) })));
  const correlationLabels = ticks.map((r) => ({ label: String(r), ...polar(sdMax * 1.055, Math.acos(r)) }));
  const rmsArcs: PathPoint[] = [];
  const rmsLabels: Array<Point & { label: string }> = [];
  for (let rho = step; rho <= sdMax + 1e-9; rho += step) {
    rmsArcs.push(...arc(`rms${rho}`, 1, rho, 0, Math.PI, sdMax, half));
    const at = polar(rho, (2 * Math.PI) / 3);
    if (Math.hypot(1 + at.x, at.y) < sdMax * 0.97 && (half || 1 + at.x > 0.05 * sdMax)) rmsLabels.push({ label: String(rho), x: 1 + at.x, y: at.y });
  }
  const groups = models[0].group !== undefined;
  const names = [...new Set(models.map((m) => m.name))];
  const groupNames = [...new Set(models.map((m) => m.group ?? ''))];
  const size = half ? 520 : 430;
  const titleAt = polar(sdMax * 1.15, half ? Math.PI / 2 : Math.PI / 4);
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: size,
    height: half ? size / 2 : size,
    config: FIGURE_CONFIG,
    encoding: {
      x: {
        type: 'quantitative',
        scale: { domain: [half ? -sdMax : 0, sdMax], nice: false, zero: false },
        axis: { title: sdTitle, grid: false, values: axisValues(half ? -sdMax : 0, sdMax, step), labelExpr: "format(abs(datum.value), '.2~f')" },
      },
      y: {
        type: 'quantitative',
        scale: { domain: [0, sdMax], nice: false },
        axis: half ? null : { title: sdTitle, grid: false, values: axisValues(0, sdMax, step), labelExpr: "format(datum.value, '.2~f')" },
      },
    },
    layer: [
      line(sdCircles, GUIDE_GREY, [4, 3], 'taylor_sd_circles'),
      line(rays, GUIDE_GREY, [1, 3], 'taylor_correlation_rays'),
      line(rmsArcs, RMS_COLOR, [6, 3], 'taylor_rms_arcs'),
      line(frame, '#555555', [], 'taylor_frame'),
      text(correlationLabels, '#333333', { align: 'center', baseline: 'middle' }, 'taylor_correlation_labels'),
      text(
        [{ label: 'Correlation', ...titleAt }],
        '#333333',
        { align: 'center', baseline: 'middle', fontSize: 12, angle: half ? 0 : 45 },
        'taylor_correlation_title',
      ),
      text(rmsLabels, RMS_COLOR, { align: 'right', baseline: 'bottom', dx: -2, dy: -1 }, 'taylor_rms_labels'),
      {
        name: 'taylor_reference',
        data: { values: [{ x: 1, y: 0, label: 'Reference' }] },
        layer: [
          { mark: { type: 'point', shape: 'circle', filled: true, color: 'black', size: 70, clip: false } },
          { mark: { type: 'text', dy: -11, fontSize: 11, color: 'black', clip: false }, encoding: { text: { field: 'label' } } },
        ],
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
      },
      ...[
        { name: 'taylor_models', inside: true },
        { name: 'taylor_models_beyond', inside: false },
      ].map(({ name, inside }) => ({
        name,
        data: {
          values: models
            .filter((m) => (m.sdRatio <= sdMax) === inside)
            .map((m) => ({ ...polar(Math.min(m.sdRatio, sdMax), Math.acos(m.correlation)), name: m.name, group: m.group ?? '', sd: m.sdRatio, r: m.correlation })),
        },
        mark: inside
          ? { type: 'point', filled: true, size: 110, stroke: 'white', strokeWidth: 0.8, opacity: 1, clip: false }
          : { type: 'point', filled: false, size: 110, strokeWidth: 2, opacity: 1, clip: false },
        encoding: {
          x: { field: 'x', type: 'quantitative' },
          y: { field: 'y', type: 'quantitative' },
          color: {
            field: 'name',
            type: 'nominal',
            scale: { domain: names, range: names.map((_, i) => CATEGORY_COLORS[i % CATEGORY_COLORS.length]) },
            legend: { title: 'Model', orient: half ? 'bottom' : 'right' },
          },
          shape: groups
            ? {
                field: 'group',
                type: 'nominal',
                scale: { domain: groupNames, range: groupNames.map((_, i) => CATEGORY_SHAPES[i % CATEGORY_SHAPES.length]) },
                legend: { title: 'Group', orient: half ? 'bottom' : 'right' },
              }
            : { value: 'circle' },
          tooltip: [{ field: 'name' }, { field: 'sd', format: '.3f' }, { field: 'r', format: '.3f' }],
        },
      })),
    ],
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

function axisValues(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to + 1e-9; v += step) out.push(Math.round(v / step) * step);
  return out;
}
