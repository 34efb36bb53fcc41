/**
 * Vega-Lite → SVG rendering, off the main thread.
 *
 * Why a worker thread: vega 6 and vega-lite 6 are ESM-only, and vega's module graph uses top-level
 * await, so this CommonJS package cannot `require()` it (Node answers ERR_REQUIRE_ASYNC_MODULE, even
 * on Node ≥ 20.19 where require(esm) otherwise works). A dynamic `import()` works in plain Node, but
 * jest runs CommonJS modules inside a `vm` context where `import()` throws unless the whole test run
 * uses `--experimental-vm-modules`. Pinning vega 5 does not help either: its CommonJS build requires
 * the ESM-only d3 v3 packages. A worker thread runs in Node's own module loader in every setting
 * (production, jest, the CLI), so the figures import vega there; the worker is started once, on the
 * first figure, and is unref'd while idle so it never keeps a process alive.
 */
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import { BOLD_FACTOR, DEFAULT_WIDTH, EXTRA_WIDTHS, HELVETICA_ASCII_WIDTHS } from './text-width.js';

/** Error raised when vega fails to compile or render a figure specification. */
export class FigureRenderError extends Error {
  override readonly name = 'FigureRenderError';
}

/**
 * Worker body (CommonJS, evaluated by the worker). It imports vega-lite and vega from the file URLs
 * it is given, makes vega measure text with Helvetica's widths (vega's own hook for headless use,
 * `textMetrics.width`), then answers each `{ id, spec }` message with `{ id, svg }` or `{ id, error }`.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { ascii, extra, fallback, bold } = workerData.font;
const libraries = Promise.all([import(workerData.vegaLite), import(workerData.vega)]).then(([vegaLite, vega]) => {
  vega.textMetrics.width = (item, text) => {
    let em = 0;
    for (const ch of String(text ?? item.text ?? '')) {
      const code = ch.codePointAt(0);
      em += code >= 32 && code < 127 ? ascii[code - 32] : extra[ch] ?? fallback;
    }
    const isBold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
    return (em / 1000) * vega.fontSize(item) * (isBold ? bold : 1);
  };
  return [vegaLite, vega];
});
parentPort.on('message', async ({ id, spec }) => {
  let view;
  try {
    const [vegaLite, vega] = await libraries;
    const compiled = vegaLite.compile(spec).spec;
    view = new vega.View(vega.parse(compiled), { renderer: 'none' });
    parentPort.postMessage({ id, svg: await view.toSVG() });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  } finally {
    if (view) view.finalize();
  }
});
`;

interface Reply {
  readonly id: number;
  readonly svg?: string;
  readonly error?: string;
}

interface Pending {
  readonly resolve: (svg: string) => void;
  readonly reject: (error: Error) => void;
}

/** A running worker and the requests it has yet to answer. */
interface Renderer {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
}

let current: Renderer | undefined;
let nextId = 0;

function startRenderer(): Renderer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      vega: pathToFileURL(require.resolve('vega')).href,
      vegaLite: pathToFileURL(require.resolve('vega-lite')).href,
      font: { ascii: HELVETICA_ASCII_WIDTHS, extra: EXTRA_WIDTHS, fallback: DEFAULT_WIDTH, bold: BOLD_FACTOR },
    },
  });
  const renderer: Renderer = { worker, pending: new Map() };
  const failAll = (message: string): void => {
    if (current === renderer) current = undefined;
    for (const request of renderer.pending.values()) request.reject(new FigureRenderError(message));
    renderer.pending.clear();
  };
  worker.on('message', (reply: Reply) => {
    const request = renderer.pending.get(reply.id);
    if (!request) return;
    renderer.pending.delete(reply.id);
    if (renderer.pending.size === 0) worker.unref();
    if (reply.error !== undefined) request.reject(new FigureRenderError(reply.error));
    else request.resolve(reply.svg ?? '');
  });
  worker.on('error', (error) => failAll(`figure renderer failed: ${error.message}`));
  worker.on('exit', (code) => failAll(`figure renderer exited with code ${code}`));
  return renderer;
}

const GEOMETRY_ATTRIBUTE = /\b(d|transform)="([^"]*)"/g;
const LONG_DECIMAL = /-?\d*\.\d{2}\d+/g;

/**
 * Rounds the numbers of path data and transforms to 0.01 px (vega writes full double precision),
 * which makes heat maps with thousands of cells about a third smaller and changes nothing visible.
 */
export function compactGeometry(svg: string): string {
  return svg.replace(GEOMETRY_ATTRIBUTE, (_, name: string, value: string) => `${name}="${value.replace(LONG_DECIMAL, (d: string) => String(Number(Number(d).toFixed(2))))}"`);
}

/**
 * Compiles a Vega-Lite specification and renders it to an SVG document string (headless, no
 * canvas), geometry rounded by {@link compactGeometry}.
 */
export async function renderVegaLite(spec: TopLevelSpec): Promise<string> {
  current ??= startRenderer();
  const { worker, pending } = current;
  const id = nextId++;
  const svg = await new Promise<string>((resolve, reject) => {
    try {
      worker.postMessage({ id, spec });
    } catch (error) {
      reject(new FigureRenderError(`figure specification cannot be sent to the renderer: ${(error as Error).message}`));
      return;
    }
    pending.set(id, { resolve, reject });
    worker.ref();
  });
  return compactGeometry(svg);
}

/** Stops the renderer's worker thread (it restarts on the next figure); resolves once it has exited. */
export async function closeFigureRenderer(): Promise<void> {
  const closing = current;
  current = undefined;
  if (closing) await closing.worker.terminate();
}
