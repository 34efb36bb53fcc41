/**
 * `fluxscale decompose`: SSA bands (seasonal, inter-annual, trend) of one site's gap-filled variables,
 * written as CSV (date,raw,seasonal,iav,trend; VAR_-prefixed with --all) and optionally drawn as
 * stacked band panels in an SVG (the paper's Fig. S1/S2).
 */
import type { Command } from 'commander';
import { ConfigError, DEFAULT_SITE_FORMAT, SAMPLE_DATA_DIR, siteReaders } from '@fluxscale/data';
import { TASKS, type DecompositionMode } from '@fluxscale/decomposition';
import { bandSeries, closeFigureRenderer } from '@fluxscale/evaluation';
import { decomposeSiteVariables, decompositionCsv } from '../engine/decompose.js';
import { isStdout, outOfRangeLines, writeOutput } from '../engine/output.js';
import { log } from '../engine/progress.js';
import { oneOf, positiveInt } from './options.js';

interface DecomposeFlags {
  data: string;
  dataFormat: string;
  site: string;
  var?: string;
  all?: boolean;
  window?: number;
  rank?: number;
  mode: DecompositionMode;
  trainFraction: number;
  minYears: number;
  out: string;
  plot?: string;
}

function fraction(value: string): number {
  const v = Number(value);
  if (!(v > 0 && v < 1)) throw new ConfigError('--train-fraction', `must be a number in (0, 1), got '${value}'`);
  return v;
}

/** Registers `fluxscale decompose`. */
export function registerDecompose(program: Command): void {
  program
    .command('decompose')
    .description("split one site's gap-filled variables into seasonal, inter-annual and trend bands with SSA, as the experiments do")
    .option('--data <dir>', 'directory of FLUXNET2015 daily files (default: the bundled sample)', SAMPLE_DATA_DIR)
    .option('--data-format <name>', `format of the site files: ${siteReaders().map((r) => r.format).join(', ')}`, oneOf('--data-format', siteReaders().map((r) => r.format)), DEFAULT_SITE_FORMAT)
    .requiredOption('--site <id>', 'site id, e.g. FR-Gri')
    .option('--var <name>', "variable to decompose (default: the dataset's target, NEE_VUT_REF)")
    .option('--all', 'decompose the target and every driver the file has (columns prefixed VAR_)')
    .option('--window <days>', 'SSA window L in days (default 1461, at most half the fitted span)', positiveInt('--window'))
    .option('--rank <n>', 'number of eigentriples (default 30)', positiveInt('--rank'))
    .option('--mode <mode>', 'full (the paper: whole record) or train-only (leakage-free: fitted on the training part; the target forecast, drivers projected beyond it)', oneOf('--mode', ['full', 'train-only'] as const), 'full')
    .option('--train-fraction <f>', "train-only mode: the training part's share of the target days (after the first 365-day window), as in the experiments", fraction, 0.8)
    .option('--min-years <n>', 'minimum consecutive usable years', positiveInt('--min-years'), 5)
    .requiredOption('--out <file.csv>', 'output CSV: date,raw,seasonal,iav,trend (- for stdout)')
    .option('--plot <file.svg>', 'also draw the bands of the first variable as an SVG (- for stdout, with --out to a file)')
    .action(async (flags: DecomposeFlags) => {
      if (isStdout(flags.out) && isStdout(flags.plot)) throw new ConfigError('--plot', 'stdout already takes the CSV (--out -): give the SVG a file name');
      const d = decomposeSiteVariables({ ...flags, format: flags.dataFormat, variable: flags.var });
      for (const line of outOfRangeLines(flags.site, d.outOfRange)) log(line);
      for (const v of d.variables) {
        const m = d.bands[v].meta;
        const shares = Object.entries(m.bandVarianceShare).map(([b, s]) => `${b} ${(100 * s).toFixed(1)} %`).join(', ');
        log(`${flags.site} ${v}: ${d.dates.length} days, L = ${m.window}, rank ${m.rank} (${(100 * m.capturedShare).toFixed(1)} % of variance), mode ${m.mode}${m.extension ? `/${m.extension}` : ''}; variance shares ${shares}`);
      }
      log(`wrote ${writeOutput(flags.out, decompositionCsv(d, flags.all === true))}`);
      if (flags.plot) {
        const v = d.variables[0];
        const columns = { raw: d.raw[v], seasonal: d.bands[v].seasonal, iav: d.bands[v].iav, trend: d.bands[v].trend };
        const svg = await bandSeries({
          title: `${flags.site} ${v}: SSA bands (L = ${d.bands[v].meta.window} d, ${d.bands[v].meta.mode})`,
          yTitle: v.startsWith('NEE') ? `${v} (gC m⁻² d⁻¹)` : v,
          dates: Array.from(d.dates),
          panels: 'stacked',
          series: TASKS.map((k) => ({ name: k, values: columns[k] })),
        });
        await closeFigureRenderer();
        log(`wrote ${writeOutput(flags.plot, svg)}`);
      }
    });
}
