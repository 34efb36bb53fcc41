import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import { InvalidParameterError } from '../metrics/errors.js';
import { renderVegaLite } from './render.js';
import { CATEGORY_COLORS, FIGURE_CONFIG, FIGURE_WIDTH } from './theme.js';
import { oneOf, requireText } from './validate.js';
import { ALL_SITES } from '../metrics/paired.js';
import { VERDICTS, type Verdict } from '../metrics/verdict.js';

/** One interval of {@link forestPlot}: a mean difference and its confidence interval. */
export interface ForestRow {
  /** Row label, e.g. an ecosystem group ('CRO') or the pooled row (see `pooled`). */
  readonly group: string;
  /** Panel (column), e.g. 'Seasonal' or 'IAV'. */
  readonly band: string;
  /** Series drawn side by side within a row (colour), e.g. 'full' or 'train-only'. */
  readonly mode: string;
  /** Mean difference, in the units of `xTitle`. */
  readonly mean: number;
  /** Lower end of the confidence interval, same units. */
  readonly lo: number;
  /** Upper end of the confidence interval, same units. */
  readonly hi: number;
  /** Verdict written beside the row, if any. */
  readonly verdict?: Verdict;
}

/** Input of {@link forestPlot}. */
export interface ForestPlotInput {
  /** Intervals, one per (group, band, mode); groups, bands and modes are drawn in order of first appearance. */
  readonly rows: readonly ForestRow[];
  readonly title: string;
  /** Difference axis title, with units, e.g. 'ΔRMSE, guided − unguided (gC m⁻² d⁻¹)'. */
  readonly xTitle: string;
  /** Optional subtitle, e.g. 'Mean over sites with 95 % bootstrap interval'. */
  readonly subtitle?: string;
  /** Group label of the pooled row, drawn last and set apart below the others (default {@link ALL_SITES}, 'all sites'). */
  readonly pooled?: string;
  /** Row axis title (default 'Group'). */
  readonly groupTitle?: string;
}

interface ForestRecord {
  group: string;
  band: string;
  mode: string;
  mean: number;
  lo: number;
  hi: number;
  verdict: Verdict | null;
}

/** Pixels per mode within a group's row. */
const MODE_STEP = 12;
/** Room right of each panel for the verdict labels, in pixels. */
const VERDICT_SPACE = 62;
/** Room for the row labels (at most LABEL_LIMIT wide) and the axis title left of the first panel, in pixels. */
const LABEL_SPACE = 106;
const LABEL_LIMIT = 70;
const PANEL_SPACING = 14;
/** Most bands (panels) that fit side by side in FIGURE_WIDTH. */
const MAX_BANDS = 3;
const FIGURE_PADDING = FIGURE_CONFIG.padding as { readonly left: number; readonly right: number };

function rowName(row: ForestRow, index: number): string {
  return `rows[${index}] (group '${String(row?.group)}', band '${String(row?.band)}', mode '${String(row?.mode)}')`;
}

function forestRecord(row: ForestRow, index: number): ForestRecord {
  const name = rowName(row, index);
  const group = requireText(row?.group, `${name}.group`);
  const band = requireText(row.band, `${name}.band`);
  const mode = requireText(row.mode, `${name}.mode`);
  for (const key of ['mean', 'lo', 'hi'] as const) {
    if (typeof row[key] !== 'number' || !Number.isFinite(row[key])) {
      throw new InvalidParameterError(name, `${key} must be a finite number, got ${String(row[key])}`);
    }
  }
  if (row.lo > row.hi) throw new InvalidParameterError(name, `lo ${row.lo} exceeds hi ${row.hi}`);
  const verdict = row.verdict === undefined ? null : oneOf(row.verdict, VERDICTS, `${name}.verdict`);
  return { group, band, mode, mean: row.mean, lo: row.lo, hi: row.hi, verdict };
}

/** Distinct values in order of first appearance. */
function firstAppearance(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * Forest plot of mean differences (e.g. guided − unguided ΔR² per ecosystem group) as an SVG string:
 * one panel per band (columns, each with its own difference axis), one row per group with the pooled
 * row set apart below, and per mode a point at the mean and a horizontal bar from `lo` to `hi`
 * (modes side by side, Okabe–Ito colours, legend below); a dashed vertical line at zero; the
 * verdict ('helps', 'hurts', 'no evidence') written right of each panel where given. Rows with
 * lo > hi, a non-finite value, an unknown verdict or a repeated (group, band, mode) are rejected
 * with an error naming the row.
 */
export async function forestPlot(input: ForestPlotInput): Promise<string> {
  const title = requireText(input?.title, 'title');
  const xTitle = requireText(input.xTitle, 'xTitle');
  const subtitle = input.subtitle === undefined ? undefined : requireText(input.subtitle, 'subtitle');
  const pooled = requireText(input.pooled ?? ALL_SITES, 'pooled');
  const groupTitle = requireText(input.groupTitle ?? 'Group', 'groupTitle');
  if (!Array.isArray(input.rows) || input.rows.length === 0) throw new InvalidParameterError('rows', 'must be a non-empty array');
  const records = input.rows.map(forestRecord);
  const seen = new Set<string>();
  records.forEach((r, i) => {
    const key = JSON.stringify([r.group, r.band, r.mode]);
    if (seen.has(key)) throw new InvalidParameterError(rowName(input.rows[i], i), 'repeats an earlier (group, band, mode)');
    seen.add(key);
  });
  const groups = firstAppearance(records.map((r) => r.group)).filter((g) => g !== pooled);
  const sections = [groups, records.some((r) => r.group === pooled) ? [pooled] : []].filter((s) => s.length > 0);
  const bands = firstAppearance(records.map((r) => r.band));
  if (bands.length > MAX_BANDS) throw new InvalidParameterError('rows', `hold ${bands.length} bands; at most ${MAX_BANDS} panels fit side by side`);
  const modes = firstAppearance(records.map((r) => r.mode));
  const verdictSpace = records.some((r) => r.verdict !== null) ? VERDICT_SPACE : 0;
  const width = Math.floor((FIGURE_WIDTH - FIGURE_PADDING.left - FIGURE_PADDING.right - LABEL_SPACE - (bands.length - 1) * PANEL_SPACING) / bands.length) - verdictSpace;
  const color = {
    field: 'mode',
    type: 'nominal',
    scale: { domain: modes, range: modes.map((_, i) => CATEGORY_COLORS[i % CATEGORY_COLORS.length]) },
    legend: { title: null, orient: 'bottom', direction: 'horizontal' },
  };
  const yOffset = { field: 'mode', type: 'nominal', scale: { domain: modes } };
  const x = { type: 'quantitative', scale: { zero: true, nice: true } };
  const section = (band: string, bandIndex: number, members: string[], last: boolean): object => {
    const isPooled = members.length === 1 && members[0] === pooled;
    // vega-lite needs distinct layer names; the test and a reader find them by this panel suffix.
    const panel = `_${bandIndex}_${isPooled ? 'pooled' : 'groups'}`;
    const y = {
      field: 'group',
      type: 'nominal',
      scale: { domain: members, paddingInner: 0.35, paddingOuter: 0.2 },
      title: bandIndex === 0 && !isPooled ? groupTitle : null,
      axis: bandIndex === 0 ? { ticks: false, domain: false, labelLimit: LABEL_LIMIT, labelFontWeight: isPooled ? 'bold' : 'normal' } : null,
    };
    const axis = last ? { title: xTitle, tickCount: 5 } : { title: null, labels: false, ticks: false, domain: false, tickCount: 5 };
    const layer: object[] = [
      {
        name: `zero_line${panel}`,
        data: { values: [{ zero: 0 }] },
        mark: { type: 'rule', color: '#444444', strokeDash: [4, 3], strokeWidth: 1 },
        encoding: { x: { field: 'zero', ...x, axis } },
      },
      {
        name: `intervals${panel}`,
        mark: { type: 'rule', strokeWidth: 2 },
        encoding: { x: { field: 'lo', ...x }, x2: { field: 'hi' }, y, yOffset, color },
      },
      {
        name: `means${panel}`,
        mark: { type: 'point', filled: true, size: 42, opacity: 1 },
        encoding: { x: { field: 'mean', ...x }, y, yOffset, color },
      },
    ];
    if (verdictSpace > 0) {
      layer.push({
        name: `verdicts${panel}`,
        transform: [{ filter: 'isValid(datum.verdict)' }],
        mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: 10 },
        encoding: { x: { value: width + 8 }, y, yOffset, text: { field: 'verdict' }, color },
      });
    }
    return {
      width,
      height: { step: MODE_STEP },
      transform: [{ filter: { field: 'band', equal: band } }, { filter: { field: 'group', oneOf: members } }],
      layer,
    };
  };
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: subtitle === undefined ? title : { text: title, subtitle },
    config: FIGURE_CONFIG,
    data: { values: records },
    hconcat: bands.map((band, b) => ({
      title: { text: band, fontSize: 12, anchor: 'middle', offset: 4 },
      vconcat: sections.map((members, s) => section(band, b, members, s === sections.length - 1)),
      spacing: 6,
      resolve: { scale: { x: 'shared', y: 'independent' } },
    })),
    spacing: PANEL_SPACING,
    resolve: { scale: { x: 'independent', y: 'independent', yOffset: 'independent', color: 'shared' } },
  } as TopLevelSpec;
  return renderVegaLite(spec);
}
