import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import { InvalidParameterError } from '../metrics/errors.js';
import { renderVegaLite } from './render.js';
import { CATEGORY_COLORS, FIGURE_CONFIG } from './theme.js';
import { numbers, requireDistinctTexts, requireText, valueOrNull } from './validate.js';

/** One bar series of {@link groupedBars}: a value per category, optionally an interval per category. */
export interface BarSeries {
  /** Legend label. */
  readonly name: string;
  /** Bar heights, one per category (NaN = no bar), in the units of `yTitle`. */
  readonly values: ArrayLike<number>;
  /** Lower ends of the error bars (e.g. 25th percentile), one per category; needs `upper`. */
  readonly lower?: ArrayLike<number>;
  /** Upper ends of the error bars (e.g. 75th percentile), one per category; needs `lower`. */
  readonly upper?: ArrayLike<number>;
}

/** Input of {@link groupedBars}. */
export interface GroupedBarsInput {
  readonly categories: readonly string[];
  readonly series: readonly BarSeries[];
  /** Value axis title, with units (e.g. 'R² (–)'). */
  readonly yTitle: string;
  readonly title: string;
  /** Category axis title (default 'Category'). */
  readonly xTitle?: string;
  /** Text drawn above each category's bars, e.g. significance stars ('', '*', '**', '***'). */
  readonly stars?: readonly string[];
}

interface BarRecord {
  category: string;
  series: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
}

function seriesRecords(s: BarSeries, index: number, categories: string[]): BarRecord[] {
  const name = requireText(s?.name, `series[${index}].name`);
  const n = categories.length;
  const values = numbers(s.values, `series[${index}].values`, n);
  if ((s.lower === undefined) !== (s.upper === undefined)) {
    throw new InvalidParameterError(`series[${index}]`, 'lower and upper must be given together');
  }
  const lower = s.lower === undefined ? undefined : numbers(s.lower, `series[${index}].lower`, n);
  const upper = s.upper === undefined ? undefined : numbers(s.upper, `series[${index}].upper`, n);
  return categories.map((category, i) => {
    if (lower && upper && lower[i] > upper[i]) {
      throw new InvalidParameterError(`series[${index}].lower`, `exceeds upper at category '${category}'`);
    }
    return {
      category,
      series: name,
      value: valueOrNull(values[i]),
      lower: lower ? valueOrNull(lower[i]) : null,
      upper: upper ? valueOrNull(upper[i]) : null,
    };
  });
}

/**
 * Grouped bar chart as an SVG string: one group of bars per category, one bar per series
 * (Okabe–Ito colours, legend below), optional error bars from `lower` to `upper`, and optional text
 * (significance stars) centred above each category's highest bar or error bar.
 */
export async function groupedBars(input: GroupedBarsInput): Promise<string> {
  const title = requireText(input?.title, 'title');
  const yTitle = requireText(input.yTitle, 'yTitle');
  const xTitle = requireText(input.xTitle ?? 'Category', 'xTitle');
  const categories = requireDistinctTexts(input.categories, 'categories');
  if (!Array.isArray(input.series) || input.series.length === 0) throw new InvalidParameterError('series', 'must be a non-empty array');
  const records = input.series.flatMap((s, i) => seriesRecords(s, i, categories));
  const names = requireDistinctTexts(input.series.map((s) => s.name), 'series names');
  const stars = input.stars === undefined ? undefined : requireStars(input.stars, categories.length);
  const layer: object[] = [
    {
      name: 'bars',
      mark: { type: 'bar', width: { band: 0.9 } },
      encoding: {
        y: { field: 'value', type: 'quantitative', title: yTitle },
        color: {
          field: 'series',
          type: 'nominal',
          scale: { domain: names, range: names.map((_, i) => CATEGORY_COLORS[i % CATEGORY_COLORS.length]) },
          legend: { title: null, orient: 'bottom', direction: 'horizontal' },
        },
      },
    },
  ];
  if (records.some((r) => r.lower !== null)) {
    layer.push({
      name: 'error_bars',
      transform: [{ filter: 'isValid(datum.lower) && isValid(datum.upper)' }],
      mark: { type: 'rule', color: '#222222', strokeWidth: 1.3 },
      encoding: { y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' } },
    });
  }
  const bars = {
    data: { values: records },
    encoding: {
      x: { field: 'category', type: 'nominal', sort: categories, title: xTitle, axis: { labelAngle: categories.some((c) => c.length > 6) ? -30 : 0 } },
      xOffset: { field: 'series', type: 'nominal', sort: names },
    },
    layer,
  };
  const layers: object[] = [bars];
  if (stars) {
    const tops = categories.map((category, i) => {
      const heights = records.filter((r) => r.category === category).flatMap((r) => [r.value, r.upper, 0]);
      return { category, label: stars[i], top: Math.max(...heights.filter((h): h is number => h !== null)) };
    });
    layers.push({
      name: 'stars',
      data: { values: tops.filter((t) => t.label !== '') },
      mark: { type: 'text', baseline: 'bottom', dy: -3, fontSize: 14, fontWeight: 'bold' },
      encoding: {
        x: { field: 'category', type: 'nominal', sort: categories },
        y: { field: 'top', type: 'quantitative' },
        text: { field: 'label' },
      },
    });
  }
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 560,
    height: 300,
    config: FIGURE_CONFIG,
    layer: layers,
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

function requireStars(stars: readonly string[], n: number): readonly string[] {
  if (!Array.isArray(stars) || stars.length !== n || stars.some((s) => typeof s !== 'string')) {
    throw new InvalidParameterError('stars', `must be an array of ${n} strings (one per category, '' for none)`);
  }
  return stars;
}
