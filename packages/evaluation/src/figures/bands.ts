import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import { InvalidParameterError } from '../metrics/errors.js';
import { minMaxDecimate } from './downsample.js';
import { renderVegaLite } from './render.js';
import { CATEGORY_COLORS, FIGURE_CONFIG } from './theme.js';
import { toEpochMs, type DateValues } from './time.js';
import { numbers, oneOf, requireDistinctTexts, requireText, valueOrNull } from './validate.js';

/** One line of {@link bandSeries}. */
export interface BandLine {
  /** Panel or legend label, e.g. 'Original', 'Seasonal', 'IAV', 'Trend'. */
  readonly name: string;
  /** One value per date (NaN = gap), in the units of `yTitle`. */
  readonly values: ArrayLike<number>;
}

/** Input of {@link bandSeries}. */
export interface BandSeriesInput {
  /** YYYY-MM-DD strings or days since 1970-01-01, strictly increasing. */
  readonly dates: DateValues;
  readonly series: readonly BandLine[];
  /** 'stacked' (default): one panel per series with its own y scale; 'overlay': one panel, a legend. */
  readonly panels?: 'stacked' | 'overlay';
  readonly title: string;
  /** Value axis title with units, e.g. 'NEE (gC m⁻² d⁻¹)'. */
  readonly yTitle: string;
}

const PANEL_WIDTH = 540;
const PANEL_HEIGHT = 100;

/**
 * Time series of signal bands (as the paper's Fig. S1/S2: original, seasonal, inter-annual and trend
 * components) as an SVG string: stacked panels sharing the date axis, each with its own y scale, or
 * all lines overlaid with a legend. NaN values break the lines. Series longer than 5000 points are
 * reduced to the per-bucket minimum and maximum of 1000 buckets (min–max decimation), which
 * keeps the drawn envelope and the SVG small.
 */
export async function bandSeries(input: BandSeriesInput): Promise<string> {
  const title = requireText(input?.title, 'title');
  const yTitle = requireText(input.yTitle, 'yTitle');
  const panels = oneOf(input.panels ?? 'stacked', ['stacked', 'overlay'] as const, 'panels');
  const time = toEpochMs(input.dates, 'dates');
  if (!Array.isArray(input.series) || input.series.length === 0) throw new InvalidParameterError('series', 'must be a non-empty array');
  const names = requireDistinctTexts(
    input.series.map((s) => s?.name),
    'series names',
  );
  const records = input.series.flatMap((s, i) => {
    const values = numbers(s.values, `series[${i}].values`, time.length);
    return Array.from(minMaxDecimate(values), (k) => ({ t: time[k], v: valueOrNull(values[k]), series: names[i] }));
  });
  const color = {
    field: 'series',
    type: 'nominal',
    sort: names,
    scale: { domain: names, range: names.map((_, i) => CATEGORY_COLORS[i % CATEGORY_COLORS.length]) },
  };
  const x = { field: 't', type: 'temporal', title: 'Date', scale: { type: 'utc', nice: false } };
  const line = { type: 'line', strokeWidth: 1, interpolate: 'linear' };
  const panel = (name: string, last: boolean): object => ({
    title: { text: name, fontSize: 12, offset: 4 },
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    transform: [{ filter: { field: 'series', equal: name } }],
    mark: line,
    encoding: {
      x: last ? x : { ...x, axis: { title: null, labels: false, ticks: false } },
      y: { field: 'v', type: 'quantitative', title: yTitle, scale: { zero: false }, axis: { tickCount: 4 } },
      color: { ...color, legend: null },
    },
  });
  const spec =
    panels === 'overlay'
      ? {
          width: PANEL_WIDTH,
          height: 260,
          mark: line,
          encoding: {
            x,
            y: { field: 'v', type: 'quantitative', title: yTitle },
            color: { ...color, legend: { title: null, orient: 'bottom', direction: 'horizontal' } },
          },
        }
      : {
          vconcat: names.map((name, i) => panel(name, i === names.length - 1)),
          spacing: 8,
          resolve: { scale: { x: 'shared', y: 'independent' } },
        };
  return renderVegaLite({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    config: FIGURE_CONFIG,
    data: { values: records },
    ...spec,
  } as TopLevelSpec);
}
