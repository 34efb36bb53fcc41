/**
 * The names `fluxscale experiment` takes: every registered experiment (it then draws its `draws`), and
 * every figure an experiment's run holds the inputs of (that experiment runs, then the figure is drawn).
 */
import type { RegisteredExperiment } from '../experiments/experiment.js';
import { experimentNames, experiments, findExperiment } from '../experiments/registry.js';
import { FIGURE_IDS, isFigure, type FigureId } from '../figures/index.js';
import { findWithPlugins, readRunConfig, requireName, resolveRunConfig, type RunRequest } from './run-dir.js';

/** What `fluxscale experiment NAME` runs, and the figures it then draws. */
export interface RunTarget {
  readonly experiment: RegisteredExperiment;
  readonly figures: readonly FigureId[];
}

/** The figures whose inputs a registered experiment's run holds, in FIGURE_IDS order. */
const heldFigures = (): FigureId[] => FIGURE_IDS.filter((id) => experiments().some((e) => e.figures.includes(id)));

/** The figure names `fluxscale experiment` takes besides the experiments' (a figure named like an experiment is that experiment's). */
export function figureTargets(): FigureId[] {
  return heldFigures().filter((id) => !experimentNames().includes(id));
}

/** Every name `fluxscale experiment` takes: the registered experiments, then the figures of {@link figureTargets}. */
export function experimentTargets(): string[] {
  return [...experimentNames(), ...figureTargets()];
}

/** An experiment with the figures it draws, or a figure with the experiment whose run holds its inputs; undefined for another name. */
function findTarget(name: string): RunTarget | undefined {
  const found = findExperiment(name);
  if (found) return { experiment: found, figures: found.draws };
  const holder = experiments().find((e) => (e.figures as readonly string[]).includes(name));
  return holder && { experiment: holder, figures: [name as FigureId] };
}

/** The target `name` names, a plugin's included: a name not registered is looked up again once the plugins of the run drawn into (`--from`), else of the request's config, are loaded. */
export function requestedTarget(name: string, request: RunRequest & { readonly from?: string }): RunTarget {
  const loadPlugins = () => (request.from === undefined ? resolveRunConfig(request) : readRunConfig(request.from, '--from'));
  return requireName(findWithPlugins(() => findTarget(name), loadPlugins), name, experimentTargets());
}

/** The names `--from` takes, as its error lists them: the experiments that draw figures and are no figure themselves, or a figure. */
export function drawingNames(): string {
  const drawers = experiments().filter((e) => e.draws.length > 0 && !isFigure(e.name)).map((e) => e.name);
  return `${drawers.join(', ')} or ${heldFigures().join(', ')}`;
}
