import type { Config } from 'vega-lite' with { 'resolution-mode': 'import' };

/** Total width the figures are laid out for, in CSS pixels (a report column). */
export const FIGURE_WIDTH = 640;

/**
 * Categorical colours: the Okabe–Ito palette (Okabe & Ito 2008), distinguishable with the common
 * colour-vision deficiencies; yellow last as it is the weakest on white.
 */
export const CATEGORY_COLORS: readonly string[] = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

/** Point shapes used after the colours, so that more than eight categories stay distinguishable. */
export const CATEGORY_SHAPES: readonly string[] = ['circle', 'square', 'triangle-up', 'diamond', 'triangle-down', 'cross', 'triangle-left', 'triangle-right'];

/** Fill of cells without a usable value (masked, missing). */
export const MISSING_FILL = '#d9d9d9';

/** Shared look of every figure: readable fonts for print, light grids, white background. */
export const FIGURE_CONFIG: Config = {
  background: 'white',
  font: 'Helvetica, Arial, sans-serif',
  // A wider right margin absorbs fonts a little wider than Helvetica's metrics (see text-width.ts).
  padding: { top: 8, left: 8, bottom: 8, right: 16 },
  title: { fontSize: 15, fontWeight: 'bold', anchor: 'start', offset: 10, subtitleFontSize: 12, subtitleColor: '#444444' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e8e8e8', tickColor: '#888888', domainColor: '#888888' },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', titleLimit: 300, symbolSize: 90 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  view: { stroke: null },
};
