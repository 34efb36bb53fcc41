/**
 * The figures of a run: one module per figure (fig3.ts, fig5.ts, wavelet.ts, fig6.ts, fig7.ts,
 * verdict.ts) and this registry, which draws figures into a run directory. Adding a figure is one new
 * module plus a line here, and its id in the figures of the experiment whose run holds its inputs
 * (src/experiments/).
 */
import { closeFigureRenderer } from '@fluxscale/evaluation';
import type { RunContext } from '../pipeline/context.js';
import { drawFig3 } from './fig3.js';
import { drawFig5 } from './fig5.js';
import { drawFig6 } from './fig6.js';
import { drawFig7 } from './fig7.js';
import { FIGURE_IDS, writeFigureRecord, type FigureId, type FigureRecord } from './record.js';
import { drawVerdict } from './verdict.js';
import { drawWavelet } from './wavelet.js';

export { FIGURE_IDS, readFigureRecords, figureDir, type FigureId, type FigureRecord, type Finding, type FigurePanel } from './record.js';
export { FigureInputError } from './inputs.js';

/** Options of a figure drawing. */
export interface DrawOptions {
  /** Example site of the wavelet figure (overrides the config's). */
  readonly site?: string;
  /** Where progress lines go (e.g. the engine's log). */
  readonly log: (line: string) => void;
}

/** A figure: whether it runs networks, and how it is drawn. */
interface FigureDrawer {
  readonly needsNetworks: boolean;
  readonly draw: (ctx: RunContext, options: DrawOptions) => Promise<FigureRecord>;
}

const FIGURES: Record<FigureId, FigureDrawer> = {
  fig3: { needsNetworks: false, draw: (ctx) => drawFig3(ctx) },
  fig5: { needsNetworks: false, draw: (ctx) => drawFig5(ctx) },
  wavelet: { needsNetworks: true, draw: drawWavelet },
  fig6: { needsNetworks: true, draw: drawFig6 },
  fig7: { needsNetworks: true, draw: drawFig7 },
  verdict: { needsNetworks: false, draw: (ctx) => drawVerdict(ctx) },
};

/** Is `name` a figure id? */
export const isFigure = (name: string): name is FigureId => (FIGURE_IDS as readonly string[]).includes(name);

/** Whether any of the figures loads and runs fitted networks (needs a TensorFlow.js backend). */
export const figuresNeedNetworks = (ids: readonly FigureId[]): boolean => ids.some((id) => FIGURES[id].needsNetworks);

/** Outcome of {@link drawFigures}. */
export interface DrawnFigures {
  readonly drawn: FigureRecord[];
  readonly failed: Array<{ id: FigureId; message: string }>;
}

/**
 * Draws figures into RUN_DIR/figures/<id>/ (SVG panels, CSVs, figure.json), one after another; a
 * figure that fails is reported and the others are still drawn.
 */
export async function drawFigures(ctx: RunContext, ids: readonly FigureId[], options: DrawOptions): Promise<DrawnFigures> {
  const drawn: FigureRecord[] = [];
  const failed: DrawnFigures['failed'] = [];
  for (const id of ids) {
    const started = Date.now();
    options.log(`drawing ${id} …`);
    try {
      const record = await FIGURES[id].draw(ctx, options);
      writeFigureRecord(ctx.runDir, record);
      drawn.push(record);
      const reproduced = record.findings.filter((f) => f.reproduced === true).length;
      options.log(`${id}: ${record.panels.length} panel(s) in ${((Date.now() - started) / 1000).toFixed(0)} s; paper findings reproduced: ${reproduced} of ${record.findings.length}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failed.push({ id, message });
      options.log(`${id} failed: ${message}`);
    }
  }
  await closeFigureRenderer();
  return { drawn, failed };
}
