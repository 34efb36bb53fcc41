import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import { InvalidParameterError } from '../metrics/errors.js';
import type { BetterWhen } from '../metrics/registry.js';
import { renderVegaLite } from './render.js';
import { FIGURE_CONFIG, MISSING_FILL } from './theme.js';
import { matrix, oneOf, requireDistinctTexts, requireText } from './validate.js';

/** Input of {@link deltaHeatTable}. */
export interface DeltaHeatTableInput {
  /** Row labels (e.g. ecosystem groups). */
  readonly rows: readonly string[];
  /** Column labels (e.g. 'ΔRMSE seas', 'ΔR² seas'); put units in them where they have any. */
  readonly columns: readonly string[];
  /** Differences (e.g. guided − baseline), row-major [rows, columns] or one array per row; NaN = missing. */
  readonly values: ArrayLike<number> | readonly ArrayLike<number>[];
  /** Per column: is a lower ('lower', e.g. ΔRMSE) or a higher ('higher', e.g. ΔR²) difference better? A metric's is `betterWhen(name)`. */
  readonly betterWhen: readonly BetterWhen[];
  readonly title: string;
  /** Row axis title (default 'Group'). */
  readonly rowTitle?: string;
  /** Column axis title (default 'Difference (guided − baseline)'). */
  readonly columnTitle?: string;
  /** d3 number format of the cell text (default '+.3~g'). */
  readonly format?: string;
}

/** Approximate width of one label character at 11 px, to decide whether column labels must slant. */
const CHAR_WIDTH = 6.5;

/** |score| above which the cell text is white instead of black (contrast on dark cells). */
const DARK_CELL = 0.55;

/**
 * The cell colour score of {@link deltaHeatTable}: each value times +1 (higher is better) or −1
 * (lower is better), divided by the largest such |value| in its column, so +1 is the column's best
 * improvement, −1 its worst deterioration and NaN a missing value. Columns are scaled separately
 * because their metrics have different units. Row-major [rows, columns].
 */
export function improvementScores(values: Float64Array, rows: number, betterWhen: readonly BetterWhen[]): Float64Array {
  const columns = betterWhen.length;
  const scores = new Float64Array(rows * columns);
  for (let c = 0; c < columns; c++) {
    const sign = betterWhen[c] === 'lower' ? -1 : 1;
    let scale = 0;
    for (let r = 0; r < rows; r++) {
      const v = Math.abs(values[r * columns + c]);
      if (v > scale) scale = v;
    }
    for (let r = 0; r < rows; r++) {
      const v = values[r * columns + c];
      scores[r * columns + c] = Number.isNaN(v) ? Number.NaN : scale === 0 ? 0 : (sign * v) / scale;
    }
  }
  return scores;
}

/**
 * A coloured table of metric differences as an SVG string: one cell per (row, column), coloured blue
 * where the difference is in the better direction (guidance helps), red where it is in the worse
 * one (it hurts), white near zero (ColorBrewer RdBu, colour-blind safe), with the value written in
 * each cell. Colour intensity is scaled per column (see {@link improvementScores}); missing values
 * are grey with a dash.
 */
export async function deltaHeatTable(input: DeltaHeatTableInput): Promise<string> {
  const title = requireText(input?.title, 'title');
  const rows = requireDistinctTexts(input.rows, 'rows');
  const columns = requireDistinctTexts(input.columns, 'columns');
  const rowTitle = requireText(input.rowTitle ?? 'Group', 'rowTitle');
  const columnTitle = requireText(input.columnTitle ?? 'Difference (guided − baseline)', 'columnTitle');
  const format = requireText(input.format ?? '+.3~g', 'format');
  if (!Array.isArray(input.betterWhen) || input.betterWhen.length !== columns.length) {
    throw new InvalidParameterError('betterWhen', `must hold one of 'lower' | 'higher' per column (${columns.length})`);
  }
  const betterWhen = input.betterWhen.map((b, i) => oneOf(b, ['lower', 'higher'] as const, `betterWhen[${i}]`));
  const values = matrix(input.values, rows.length, columns.length, 'values').values;
  const scores = improvementScores(values, rows.length, betterWhen);
  const step = Math.min(110, Math.floor(520 / columns.length));
  const slanted = columns.some((c) => c.length * CHAR_WIDTH > step - 8);
  const cells = rows.flatMap((row, r) =>
    columns.map((column, c) => {
      const i = r * columns.length + c;
      const missing = Number.isNaN(values[i]);
      return { row, column, value: missing ? null : values[i], score: missing ? null : scores[i] };
    }),
  );
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: 'Blue: better than the baseline; red: worse. Colour scaled per column.' },
    config: { ...FIGURE_CONFIG, scale: { bandPaddingInner: 0.04 } },
    data: { values: cells },
    width: { step },
    height: { step: 28 },
    encoding: {
      x: {
        field: 'column',
        type: 'nominal',
        sort: columns,
        title: columnTitle,
        axis: { orient: 'top', labelAngle: slanted ? -30 : 0, labelAlign: slanted ? 'left' : 'center', labelLimit: 200, ticks: false, domain: false },
      },
      y: { field: 'row', type: 'nominal', sort: rows, title: rowTitle, axis: { ticks: false, domain: false } },
    },
    layer: [
      {
        name: 'cells',
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          color: {
            field: 'score',
            type: 'quantitative',
            scale: { scheme: 'redblue', domain: [-1, 1] },
            legend: {
              title: 'Effect',
              orient: 'bottom',
              direction: 'horizontal',
              gradientLength: 220,
              values: [-1, 0, 1],
              labelExpr: "datum.value < 0 ? 'hurts' : datum.value > 0 ? 'helps' : '0'",
            },
          },
        },
      },
      {
        name: 'missing_cells',
        transform: [{ filter: '!isValid(datum.value)' }],
        mark: { type: 'rect', fill: MISSING_FILL, stroke: 'white', strokeWidth: 1 },
      },
      {
        name: 'cell_text',
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { condition: { test: '!isValid(datum.value)', value: '–' }, field: 'value', type: 'quantitative', format },
          color: { condition: { test: `isValid(datum.score) && abs(datum.score) > ${DARK_CELL}`, value: 'white' }, value: 'black' },
        },
      },
    ],
  } as TopLevelSpec;
  return renderVegaLite(spec);
}
