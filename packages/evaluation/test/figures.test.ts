import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  ALL_SITES,
  ar1,
  bandSeries,
  closeFigureRenderer,
  cwt,
  deltaHeatTable,
  FigureRenderError,
  forestPlot,
  groupedBars,
  InvalidParameterError,
  MAX_WAVELET_COLUMNS,
  responseSurface,
  taylorDiagram,
  waveletPlot,
  waveletSignificance,
  wtc,
  xwt,
  type ForestRow,
} from '../src/index.js';
import { renderVegaLite } from '../src/figures/render.js';
import { FIGURE_WIDTH } from '../src/figures/theme.js';
import { descendants, legendLabels, markGroups, markItems, parseXml, texts, type XmlElement } from './fixtures/figures/svg.js';

/** Set FIGURES_OUT=/some/dir to keep the rendered SVGs (e.g. to look at them in a browser). */
const OUT = process.env.FIGURES_OUT;

afterAll(closeFigureRenderer);

/** Parses the SVG (throws unless well-formed), checks it fits a report column, keeps a copy when FIGURES_OUT is set. */
function svgTree(svg: string, name: string): XmlElement {
  if (OUT) {
    mkdirSync(OUT, { recursive: true });
    writeFileSync(path.join(OUT, `${name}.svg`), svg);
  }
  expect(svg.startsWith('<svg')).toBe(true);
  const root = parseXml(svg);
  expect(root.name).toBe('svg');
  expect(Number(root.attributes.width)).toBeLessThanOrEqual(FIGURE_WIDTH);
  expect(Number(root.attributes.width)).toBeGreaterThan(FIGURE_WIDTH / 2);
  return root;
}

/** Two years of daily FR-Gri data (see fixtures/figures/SOURCE.md). */
const fixture = readFileSync(path.join(__dirname, 'fixtures', 'figures', 'FR-Gri_DD_2006-2007.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(','));
const dates = fixture.map(([t]) => `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}`);
const nee = Float64Array.from(fixture, (row) => Number(row[1]));
const ta = Float64Array.from(fixture, (row) => Number(row[2]));

function runningMean(x: Float64Array, half: number): Float64Array {
  return x.map((_, i) => {
    const window = x.subarray(Math.max(0, i - half), Math.min(x.length, i + half + 1));
    return window.reduce((a, b) => a + b, 0) / window.length;
  });
}

describe('taylorDiagram', () => {
  const models = [
    { name: 'LSTM', sdRatio: 0.93, correlation: 0.95, group: 'Seasonal' },
    { name: 'RF', sdRatio: 0.81, correlation: 0.9, group: 'Seasonal' },
    { name: 'LASSO', sdRatio: 0.72, correlation: 0.86, group: 'Seasonal' },
    { name: 'LSTM', sdRatio: 0.64, correlation: 0.62, group: 'IAV' },
    { name: 'RF', sdRatio: 0.42, correlation: 0.48, group: 'IAV' },
  ];

  test('draws one point per model, the reference, guides, titles and legends', async () => {
    const root = svgTree(await taylorDiagram({ title: 'Taylor diagram, FR-Gri', models }), 'taylor');
    expect(markItems(root, 'taylor_models')).toHaveLength(5);
    expect(markItems(root, 'taylor_reference_layer_0')).toHaveLength(1);
    expect(markGroups(root, 'taylor_rms_arcs').length).toBeGreaterThan(3);
    const all = texts(root);
    expect(all).toEqual(expect.arrayContaining(['Taylor diagram, FR-Gri', 'Standard deviation (normalised)', 'Correlation', 'Reference', '0.99']));
    expect(legendLabels(root)).toEqual(['LSTM', 'RF', 'LASSO', 'Seasonal', 'IAV']);
    // The model point is where polar → cartesian puts it: same colour for the same model in both groups.
    const fills = markItems(root, 'taylor_models').map((p) => p.attributes.fill);
    expect(fills[0]).toBe(fills[3]);
    expect(fills[0]).not.toBe(fills[1]);
  });

  test('a negative correlation opens the half plane', async () => {
    const root = svgTree(
      await taylorDiagram({ title: 'Trend band', models: [{ name: 'FNN', sdRatio: 1.3, correlation: -0.4 }, { name: 'LSTM', sdRatio: 0.93, correlation: 0.95 }] }),
      'taylor-half',
    );
    expect(markItems(root, 'taylor_models')).toHaveLength(2);
    expect(texts(root)).toEqual(expect.arrayContaining(['-0.9', '0.9']));
    expect(legendLabels(root)).toEqual(['FNN', 'LSTM']);
  });

  test('a far-off model widens the grid steps, or sits as an open symbol on the outer arc of maxSdRatio', async () => {
    const far = [...models, { name: 'cross', sdRatio: 38, correlation: 0.3, group: 'IAV' }];
    const wide = svgTree(await taylorDiagram({ title: 'IAV NEE', models: far }), 'taylor-wide');
    expect(markItems(wide, 'taylor_models')).toHaveLength(6);
    expect(markGroups(wide, 'taylor_rms_arcs').length).toBeLessThanOrEqual(9);
    const capped = svgTree(await taylorDiagram({ title: 'IAV NEE', models: far, maxSdRatio: 2.5 }), 'taylor-capped');
    expect(markItems(capped, 'taylor_models')).toHaveLength(5);
    const beyond = markItems(capped, 'taylor_models_beyond');
    expect(beyond).toHaveLength(1);
    expect(beyond[0].attributes.fill).toBeUndefined();
    expect(beyond[0].attributes.stroke).toMatch(/^#/);
    expect(texts(capped)).toEqual(expect.arrayContaining(['2.5', '0.5']));
    await expect(taylorDiagram({ title: 't', models, maxSdRatio: 0.5 })).rejects.toThrow(/maxSdRatio: must be a finite number ≥ 1, got 0.5/);
  });

  test('rejects invalid models naming the field', async () => {
    await expect(taylorDiagram({ title: 't', models: [{ name: 'A', sdRatio: 1, correlation: 1.2 }] })).rejects.toThrow(/models\[0\]\.correlation/);
    await expect(taylorDiagram({ title: 't', models: [] })).rejects.toThrow(InvalidParameterError);
    await expect(taylorDiagram({ title: 't', models: [models[0], { name: 'B', sdRatio: 1, correlation: 0.5 }] })).rejects.toThrow(/models\[1\]\.group/);
  });
});

describe('groupedBars', () => {
  const categories = ['CRO', 'DBF', 'ENF', 'GRA', 'WET'];
  const input = {
    title: 'Per-site R² of the seasonal band',
    yTitle: 'R² (–)',
    xTitle: 'Ecosystem',
    categories,
    series: [
      { name: 'Baseline', values: [0.71, 0.82, 0.77, 0.64, 0.58], lower: [0.62, 0.78, 0.7, 0.55, 0.5], upper: [0.79, 0.86, 0.83, 0.7, 0.66] },
      { name: 'Guided', values: [0.76, 0.85, 0.8, 0.69, Number.NaN], lower: [0.7, 0.8, 0.74, 0.6, Number.NaN], upper: [0.82, 0.88, 0.85, 0.75, Number.NaN] },
    ],
    stars: ['**', '', '*', '***', ''],
  };

  test('one bar and one error bar per value, stars, legend and titles', async () => {
    const root = svgTree(await groupedBars(input), 'bars');
    expect(markItems(root, 'bars')).toHaveLength(9);
    expect(markItems(root, 'error_bars')).toHaveLength(9);
    expect(markItems(root, 'stars').map((t) => t.text)).toEqual(['**', '*', '***']);
    expect(legendLabels(root)).toEqual(['Baseline', 'Guided']);
    expect(texts(root)).toEqual(expect.arrayContaining(['Per-site R² of the seasonal band', 'R² (–)', 'Ecosystem', ...categories]));
  });

  test('rejects mismatched lengths and half intervals', async () => {
    await expect(groupedBars({ ...input, series: [{ name: 'A', values: [1, 2] }] })).rejects.toThrow(/series\[0\]\.values: must have length 5/);
    await expect(groupedBars({ ...input, series: [{ name: 'A', values: [1, 2, 3, 4, 5], lower: [0, 0, 0, 0, 0] }] })).rejects.toThrow(/together/);
  });
});

describe('deltaHeatTable', () => {
  const input = {
    title: 'Guided − baseline, per ecosystem',
    rows: ['CRO', 'DBF', 'ENF', 'GRA'],
    columns: ['ΔRMSE seas', 'ΔR² seas', 'ΔRMSE IAV', 'ΔR² IAV'],
    betterWhen: ['lower', 'higher', 'lower', 'higher'] as const,
    values: [
      [-0.12, 0.04, 0.02, -0.03],
      [-0.2, 0.06, Number.NaN, 0.05],
      [0.05, -0.02, -0.04, 0.01],
      [-0.01, 0.01, 0.03, -0.06],
    ],
  };

  test('cells are blue where the difference is better, red where worse, grey when missing', async () => {
    const root = svgTree(await deltaHeatTable({ ...input, betterWhen: [...input.betterWhen] }), 'heat-table');
    const cells = markItems(root, 'cells');
    expect(cells).toHaveLength(15);
    const fillOf = (row: string, column: string): string =>
      cells.find((c) => c.attributes['aria-label'].includes(`Group: ${row}`) && c.attributes['aria-label'].includes(`baseline): ${column};`))!.attributes.fill;
    const rgb = (fill: string): number[] => (fill.match(/\d+/g) ?? []).map(Number);
    const [r1, , b1] = rgb(fillOf('DBF', 'ΔRMSE seas')); // lower is better, −0.2: helps
    expect(b1).toBeGreaterThan(r1 + 50);
    const [r2, , b2] = rgb(fillOf('GRA', 'ΔR² IAV')); // higher is better, −0.06: hurts
    expect(r2).toBeGreaterThan(b2 + 50);
    expect(markItems(root, 'missing_cells')).toHaveLength(1);
    const cellText = markItems(root, 'cell_text').map((t) => t.text);
    expect(cellText).toEqual(expect.arrayContaining(['−0.2', '+0.06', '–']));
    expect(texts(root)).toEqual(expect.arrayContaining([input.title, 'Group', 'Difference (guided − baseline)', 'hurts', 'helps', ...input.columns]));
  });

  test('rejects a betterWhen of the wrong length or value', async () => {
    await expect(deltaHeatTable({ ...input, betterWhen: ['lower'] })).rejects.toThrow(/betterWhen/);
    await expect(deltaHeatTable({ ...input, betterWhen: ['lower', 'higher', 'lower', 'up' as 'lower'] })).rejects.toThrow(/betterWhen\[3\]/);
  });
});

describe('forestPlot', () => {
  const groups = ['CRO', 'DBF', 'ENF', 'GRA', ALL_SITES];
  const bands = ['Seasonal', 'IAV'];
  const modes = ['full', 'train-only'];
  // Illustrative differences: the IAV band's are smaller; intervals on either side of zero and across it.
  const rows: ForestRow[] = bands.flatMap((band, b) =>
    groups.flatMap((group, g) =>
      modes.map((mode, m) => {
        const mean = (b === 0 ? 0.05 : 0.015) * Math.sin(1 + 3 * g + m);
        const half = (b === 0 ? 0.02 : 0.012) * (1 + 0.3 * m);
        const verdict = mean - half > 0 ? 'helps' : mean + half < 0 ? 'hurts' : 'no evidence';
        return { group, band, mode, mean, lo: mean - half, hi: mean + half, ...(g === 1 && m === 1 ? {} : { verdict }) } as ForestRow;
      }),
    ),
  );
  const input = { title: 'Does scale guidance help?', subtitle: 'Mean over sites, 95 % bootstrap interval', xTitle: 'ΔR², guided − unguided (–)', rows };
  const panels = ['0_groups', '0_pooled', '1_groups', '1_pooled'];
  const translateX = (e: XmlElement): number => Number(/translate\(([-\d.]+),/.exec(e.attributes.transform)![1]);
  const labelled = (e: XmlElement, key: string): string => new RegExp(`${key}: ([^;]+)`, 'i').exec(e.attributes['aria-label'])![1];
  const value = (e: XmlElement, key: string): number => Number(labelled(e, key).replace('−', '-'));

  test('one interval and one point per row × mode × band, at their values, the zero line in every panel, verdicts and titles', async () => {
    const root = svgTree(await forestPlot(input), 'forest');
    const intervals = panels.flatMap((p) => markItems(root, `intervals_${p}`));
    expect(intervals).toHaveLength(groups.length * modes.length * bands.length);
    expect(panels.flatMap((p) => markItems(root, `means_${p}`))).toHaveLength(rows.length);
    expect(markItems(root, 'intervals_0_pooled').map((e) => labelled(e, 'Group'))).toEqual([ALL_SITES, ALL_SITES]);
    for (const panel of panels) {
      // Pixel = a + b·value from the first interval; every bar end, point and the zero line must follow it.
      const [zero] = markItems(root, `zero_line_${panel}`);
      const bars = markItems(root, `intervals_${panel}`);
      const ends = bars.map((e) => ({ lo: value(e, 'lo'), hi: value(e, 'hi'), x1: translateX(e), x2: translateX(e) + Number(e.attributes.x2) }));
      const b = (ends[0].x2 - ends[0].x1) / (ends[0].hi - ends[0].lo);
      const a = ends[0].x1 - b * ends[0].lo;
      expect(translateX(zero)).toBeCloseTo(a, 1);
      for (const end of ends) {
        expect(end.x1).toBeCloseTo(a + b * end.lo, 1);
        expect(end.x2).toBeCloseTo(a + b * end.hi, 1);
      }
      for (const point of markItems(root, `means_${panel}`)) expect(translateX(point)).toBeCloseTo(a + b * value(point, 'mean'), 1);
    }
    const verdicts = panels.flatMap((p) => markItems(root, `verdicts_${p}`));
    expect(verdicts).toHaveLength(rows.filter((r) => r.verdict).length);
    for (const text of verdicts) {
      const row = rows.find((r) => r.group === labelled(text, 'Group') && r.mode === labelled(text, 'mode') && r.verdict === text.text)!;
      expect(row).toBeDefined();
    }
    expect(new Set(verdicts.map((t) => t.text))).toEqual(new Set(['helps', 'hurts', 'no evidence']));
    expect(legendLabels(root)).toEqual(modes);
    const all = texts(root);
    expect(all).toEqual(expect.arrayContaining([input.title, input.subtitle, ...bands, 'Group', ...groups]));
    expect(all.filter((t) => t === input.xTitle)).toHaveLength(bands.length);
  });

  test('without a pooled row or verdicts: one section per band and no verdict labels', async () => {
    const plain = rows.filter((r) => r.group !== ALL_SITES && r.band === 'IAV').map(({ verdict: _, ...r }) => r);
    const root = svgTree(await forestPlot({ ...input, subtitle: undefined, rows: plain }), 'forest-plain');
    expect(markItems(root, 'intervals_0_groups')).toHaveLength(plain.length);
    expect(markGroups(root, 'intervals_0_pooled')).toHaveLength(0);
    expect(markGroups(root, 'verdicts_0_groups')).toHaveLength(0);
    expect(markItems(root, 'zero_line_0_groups')).toHaveLength(1);
    expect(texts(root)).toEqual(expect.arrayContaining(['IAV', input.xTitle]));
  });

  test('rejects lo > hi, NaN, unknown verdicts and repeated rows, naming the row', async () => {
    const bad = (change: Partial<ForestRow>, at = 3): ForestRow[] => rows.map((r, i) => (i === at ? { ...r, ...change } : r));
    await expect(forestPlot({ ...input, rows: bad({ lo: 0.2, hi: 0.1 }) })).rejects.toThrow(
      "rows[3] (group 'DBF', band 'Seasonal', mode 'train-only'): lo 0.2 exceeds hi 0.1",
    );
    await expect(forestPlot({ ...input, rows: bad({ mean: Number.NaN }, 0) })).rejects.toThrow(/rows\[0\] \(group 'CRO'.*mean must be a finite number, got NaN/);
    await expect(forestPlot({ ...input, rows: bad({ hi: Number.POSITIVE_INFINITY }) })).rejects.toThrow(/rows\[3\].*hi must be a finite number/);
    await expect(forestPlot({ ...input, rows: bad({ verdict: 'better' as 'helps' }) })).rejects.toThrow(/rows\[3\].*verdict: must be one of 'helps', 'hurts', 'no evidence'/);
    await expect(forestPlot({ ...input, rows: [...rows, rows[5]] })).rejects.toThrow(/rows\[20\] \(group 'ENF', band 'Seasonal', mode 'train-only'\): repeats/);
    await expect(forestPlot({ ...input, rows: [] })).rejects.toThrow(InvalidParameterError);
    const fourBands = ['a', 'b', 'c', 'd'].map((band) => ({ ...rows[0], band }));
    await expect(forestPlot({ ...input, rows: fourBands })).rejects.toThrow(/at most 3 panels/);
  });
});

describe('waveletPlot', () => {
  const power = cwt(nee, { dt: 1, dj: 1 / 8 });
  const lag1 = ar1(nee);
  const level = waveletSignificance(power, { lag1 }).level;
  const ratio = power.power.map((p, i) => p / level[Math.floor(i / power.n)]);
  const normalised = power.power.map((p) => p / power.variance);

  test('real NEE power: cells, cone of influence, significance contours, legend and axis titles', async () => {
    const root = svgTree(
      await waveletPlot({
        title: 'FR-Gri NEE wavelet power',
        kind: 'power',
        time: dates,
        periods: power.periods,
        power: normalised,
        coi: power.coi,
        significance: ratio,
      }),
      'wavelet-power',
    );
    expect(markItems(root, 'wavelet_cells').length).toBeGreaterThan(power.nScales);
    expect(markItems(root, 'wavelet_cone')).toHaveLength(1);
    expect(markGroups(root, 'wavelet_significance').length).toBeGreaterThan(0);
    expect(markGroups(root, 'wavelet_phase')).toHaveLength(0);
    const all = texts(root);
    expect(all).toEqual(expect.arrayContaining(['FR-Gri NEE wavelet power', 'Period (days)', 'Date', 'Power (normalised)', '2', '64', '256']));
    // The annual cycle of NEE dominates: the strongest power class is in the legend.
    expect(legendLabels(root).some((l) => l.startsWith('≥'))).toBe(true);
  });

  test('XWT of NEE and air temperature: phase arrows where significant, pointing along the phase', async () => {
    const cross = xwt(nee, ta, { dt: 1, dj: 1 / 8 });
    // Significant only in the 20–60-day band, so that every arrow must fall in it.
    const inBand = (i: number): boolean => cross.periods[Math.floor(i / cross.n)] >= 20 && cross.periods[Math.floor(i / cross.n)] <= 60;
    const root = svgTree(
      await waveletPlot({
        title: 'XWT NEE × TA',
        kind: 'xwt',
        time: dates,
        periods: cross.periods,
        power: cross.power,
        coi: cross.coi,
        significance: cross.power.map((_, i) => (inBand(i) ? 2 : 0.5)),
        phase: cross.phase,
      }),
      'wavelet-xwt',
    );
    const arrows = markItems(root, 'wavelet_phase');
    expect(arrows.length).toBeGreaterThan(10);
    for (const label of arrows.map((a) => a.attributes['aria-label'])) {
      const [, date, period, angle] = /^t: (.+); p: ([\d.]+); angle: ([\d.]+)$/.exec(label)!;
      const column = dates.indexOf(new Date(`${date} UTC`).toISOString().slice(0, 10));
      const row = cross.periods.findIndex((p) => Math.abs(p - Number(period)) < 1e-6);
      expect(Number(period)).toBeGreaterThanOrEqual(20);
      expect(Number(period)).toBeLessThanOrEqual(Math.min(60, cross.coi[column]));
      const phase = cross.phase[row * cross.n + column];
      expect(Number(angle)).toBeCloseTo((((phase * 180) / Math.PI) % 360 + 360) % 360, 6);
    }
    expect(texts(root)).toEqual(expect.arrayContaining(['Cross-wavelet power', 'Arrows: phase (→ in phase, ← anti-phase, ↓ first series leads by 90°)']));
  });

  test('WTC with R² classes; long series are block-averaged to a bounded number of columns', async () => {
    const repeats = 3;
    const long = (x: Float64Array): Float64Array => Float64Array.from({ length: x.length * repeats }, (_, i) => x[i % x.length]);
    const coherence = wtc(long(nee), long(ta), { dt: 1, dj: 1 / 6 });
    const days = Array.from({ length: coherence.n }, (_, i) => 13_149 + i); // from 2006-01-01
    const root = svgTree(
      await waveletPlot({
        title: 'WTC NEE × TA',
        kind: 'wtc',
        time: days,
        periods: coherence.periods,
        power: coherence.rsq,
        coi: coherence.coi,
        significance: coherence.rsq.map((r) => r / 0.8),
        phase: coherence.phase,
      }),
      'wavelet-wtc',
    );
    expect(legendLabels(root)[0]).toBe('0.0–0.1');
    const cells = markItems(root, 'wavelet_cells');
    expect(cells.length).toBeLessThan(coherence.nScales * MAX_WAVELET_COLUMNS);
    expect(texts(root)).toContain('Coherence R²');
  });

  test('rejects phase for plain power and mis-shaped fields', async () => {
    const base = { title: 't', kind: 'power' as const, time: dates, periods: power.periods, power: normalised, coi: power.coi };
    await expect(waveletPlot({ ...base, phase: normalised })).rejects.toThrow(/phase/);
    await expect(waveletPlot({ ...base, power: normalised.subarray(1) })).rejects.toThrow(/power: must hold/);
  });
});

describe('responseSurface', () => {
  const ta = Array.from({ length: 12 }, (_, i) => -4 + 3 * i); // °C
  const sw = Array.from({ length: 10 }, (_, i) => 25 + 50 * i); // W m⁻²
  const z = sw.flatMap((s) => ta.map((t) => -0.012 * s * Math.exp(-(((t - 18) / 12) ** 2)) + 0.1 * Math.exp(0.07 * t)));
  const mask = z.map((_, i) => (Math.floor(i / 12) > 7 && i % 12 < 3) || i % 12 === 11);

  test('masked cells are grey and hatched, the others coloured', async () => {
    const root = svgTree(
      await responseSurface({ title: 'NEE response to TA and SW_IN', x: { name: 'TA (°C)', values: ta }, y: { name: 'SW_IN (W m⁻²)', values: sw }, z, mask, zTitle: 'NEE (gC m⁻² d⁻¹)' }),
      'surface',
    );
    const masked = mask.filter(Boolean).length;
    expect(masked).toBe(16);
    expect(markItems(root, 'surface_cells')).toHaveLength(120 - masked);
    const grey = markItems(root, 'surface_masked');
    expect(grey).toHaveLength(masked);
    expect(new Set(grey.map((c) => c.attributes.fill))).toEqual(new Set(['#d9d9d9']));
    expect(markItems(root, 'surface_cells').some((c) => c.attributes.fill === '#d9d9d9')).toBe(false);
    expect(markItems(root, 'surface_hatch')).toHaveLength(masked);
    expect(texts(root)).toEqual(expect.arrayContaining(['NEE response to TA and SW_IN', 'TA (°C)', 'SW_IN (W m⁻²)', 'NEE (gC m⁻² d⁻¹)']));
  });

  test('rejects a z of the wrong shape', async () => {
    await expect(responseSurface({ title: 't', x: { name: 'a', values: ta }, y: { name: 'b', values: sw }, z: z.slice(1), zTitle: 'z' })).rejects.toThrow(/z: must hold 10×12/);
  });
});

describe('bandSeries', () => {
  const smooth = runningMean(nee, 15);
  const series = [
    { name: 'Original', values: nee },
    { name: 'Smoothed (31-day mean)', values: smooth },
    { name: 'Residual', values: nee.map((v, i) => v - smooth[i]) },
  ];

  test('stacked panels of real FR-Gri NEE, one line each, shared date axis', async () => {
    const root = svgTree(await bandSeries({ title: 'FR-Gri NEE bands', yTitle: 'NEE (gC m⁻² d⁻¹)', dates, series }), 'bands-stacked');
    const lines = descendants(root).filter((e) => (e.attributes.class ?? '').includes('mark-line role-mark'));
    expect(lines).toHaveLength(3);
    expect(texts(root)).toEqual(expect.arrayContaining(['FR-Gri NEE bands', 'NEE (gC m⁻² d⁻¹)', 'Date', 'Original', 'Residual', '2007']));
    expect(texts(root).filter((t) => t === 'Date')).toHaveLength(1);
  });

  test('overlay with a legend; long series are decimated and gaps break the line', async () => {
    const n = 12_000;
    const values = Float64Array.from({ length: n }, (_, i) => nee[i % nee.length]);
    values.fill(Number.NaN, 5000, 5100);
    const days = Array.from({ length: n }, (_, i) => 13_149 + i);
    const root = svgTree(
      await bandSeries({ title: 'Long', yTitle: 'NEE (gC m⁻² d⁻¹)', dates: days, series: [{ name: 'NEE', values }, series[1]].slice(0, 1), panels: 'overlay' }),
      'bands-overlay',
    );
    const path = descendants(root).find((e) => e.name === 'path' && (e.attributes['aria-roledescription'] ?? '') === 'line mark')!;
    const moves = (path.attributes.d.match(/M/g) ?? []).length;
    const points = (path.attributes.d.match(/[ML]/g) ?? []).length;
    expect(moves).toBe(2);
    expect(points).toBeLessThanOrEqual(2 * 1000 + 2);
    expect(legendLabels(root)).toEqual(['NEE']);
  });

  test('rejects values that do not match the dates', async () => {
    await expect(bandSeries({ title: 't', yTitle: 'y', dates, series: [{ name: 'a', values: [1, 2] }] })).rejects.toThrow(/series\[0\]\.values/);
  });
});

describe('renderVegaLite', () => {
  test('rejects a broken specification with FigureRenderError and keeps working', async () => {
    const broken: TopLevelSpec = { data: { values: [] }, mark: 'point', transform: [{ calculate: 'datum.a +* 1', as: 'b' }] };
    await expect(renderVegaLite(broken)).rejects.toThrow(FigureRenderError);
    const uncloneable = { data: { values: [{ a: () => 1 }] }, mark: 'point' } as unknown as TopLevelSpec;
    await expect(renderVegaLite(uncloneable)).rejects.toThrow(/cannot be sent/);
    const svg = await renderVegaLite({ name: 'probe', width: 50, height: 50, data: { values: [{ a: 1 }] }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } });
    expect(markItems(parseXml(svg), 'probe')).toHaveLength(1);
  });

  test('restarts after closeFigureRenderer', async () => {
    await closeFigureRenderer();
    const svg = await renderVegaLite({ name: 'probe', width: 50, height: 50, data: { values: [{ a: 1 }, { a: 2 }] }, mark: 'tick', encoding: { x: { field: 'a', type: 'quantitative' } } });
    expect(markItems(parseXml(svg), 'probe')).toHaveLength(2);
  });
});
