/**
 * `fluxscale decompose`: SSA bands (seasonal, inter-annual, trend) of one site's gap-filled variables,
 * written as CSV (date,original,seasonal,iav,trend; VAR_-prefixed with --all) and optionally drawn as
 * stacked band panels in an SVG (the paper's Fig. S1/S2).
 */

import type { Command } from 'commander';
import {
  ConfigError,
  DEFAULT_TARGET,
  PAPER_DRIVERS,
  SAMPLE_DATA_DIR,
  dailyFilesBySite,
  formatDay,
  parseSiteFileName,
  prepareVariables,
  readDirectoryConfig,
  readSiteFile,
  writeFileAtomic,
} from '@fluxscale/data';
import { decomposeBands, type BandDecomposition } from '@fluxscale/decomposition';
import { bandSeries, closeFigureRenderer } from '@fluxscale/evaluation';
import { basename } from 'node:path';
import { log } from '../run/progress.js';
import { oneOf, positiveInt } from './options.js';

interface DecomposeFlags {
  data: string;
  site: string;
  var?: string;
  all?: boolean;
  window?: number;
  rank?: number;
  mode: 'full' | 'train-only';
  trainFraction: number;
  extension: 'forecast' | 'project';
  minYears: number;
  out: string;
  plot?: string;
}

function fraction(value: string): number {
  const v = Number(value);
  if (!(v > 0 && v < 1)) throw new ConfigError('--train-fraction', `must be a number in (0, 1), got '${value}'`);
  return v;
}

/** The daily file of a site in a data directory (error naming the directory and the sites it has). */
function siteFile(dir: string, site: string): string {
  const { files } = dailyFilesBySite(dir);
  const file = files.find((f) => parseSiteFileName(basename(f))?.siteId === site);
  if (!file) {
    const known = files.map((f) => parseSiteFileName(basename(f))?.siteId).join(', ');
    throw new ConfigError('--site', `no daily file of site ${site} in ${dir}${known ? ` (sites: ${known})` : ''}`);
  }
  return file;
}

/** Registers `fluxscale decompose`. */
export function registerDecompose(program: Command): void {
  program
    .command('decompose')
    .description('split one site\'s gap-filled variables into seasonal, inter-annual and trend bands with SSA')
    .option('--data <dir>', 'directory of FLUXNET2015 daily files (default: the bundled sample)', SAMPLE_DATA_DIR)
    .requiredOption('--site <id>', 'site id, e.g. FR-Gri')
    .option('--var <name>', 'variable to decompose (default: the dataset\'s target, NEE_VUT_REF)')
    .option('--all', 'decompose the target and every driver the file has (columns prefixed VAR_)')
    .option('--window <days>', 'SSA window L in days (default 1461, at most half the record)', positiveInt('--window'))
    .option('--rank <n>', 'number of eigentriples (default 30)', positiveInt('--rank'))
    .option('--mode <mode>', 'full (the paper: whole record) or train-only (leakage-free)', oneOf('--mode', ['full', 'train-only'] as const), 'full')
    .option('--train-fraction <f>', 'train-only mode: leading fraction of the record fitted', fraction, 0.8)
    .option('--extension <how>', 'train-only mode: forecast (no later values used) or project', oneOf('--extension', ['forecast', 'project'] as const), 'forecast')
    .option('--min-years <n>', 'minimum consecutive usable years', positiveInt('--min-years'), 5)
    .requiredOption('--out <file.csv>', 'output CSV: date,original,seasonal,iav,trend')
    .option('--plot <file.svg>', 'also draw the bands as an SVG')
    .action(async (flags: DecomposeFlags) => {
      if (flags.var && flags.all) throw new ConfigError('--var', 'use either --var NAME or --all, not both');
      const file = siteFile(flags.data, flags.site);
      const config = readDirectoryConfig(flags.data);
      const target = config.target ?? DEFAULT_TARGET;
      const series = readSiteFile(file);
      const variables = flags.all ? [target, ...(config.drivers ?? PAPER_DRIVERS)].filter((v) => series.columns[v]) : [flags.var ?? target];
      const prepared = prepareVariables(series, variables, { minYears: flags.minYears });
      const n = prepared.dates.length;
      const trainLength = Math.round(flags.trainFraction * n);
      const bands: Record<string, BandDecomposition> = {};
      for (const v of variables) {
        bands[v] = decomposeBands(prepared.values[v], {
          window: flags.window ?? Math.min(1461, Math.floor((flags.mode === 'full' ? n : trainLength) / 2)),
          ...(flags.rank ? { rank: flags.rank } : {}),
          mode: flags.mode,
          ...(flags.mode === 'train-only' ? { trainLength, extension: flags.extension } : {}),
        });
        const m = bands[v].meta;
        const shares = Object.entries(m.bandVarianceShare).map(([b, s]) => `${b} ${(100 * s).toFixed(1)} %`).join(', ');
        log(`${flags.site} ${v}: ${n} days, L = ${m.window}, rank ${m.rank} (${(100 * m.capturedShare).toFixed(1)} % of variance), mode ${m.mode}${m.extension ? `/${m.extension}` : ''}; variance shares ${shares}`);
      }
      const kinds = ['original', 'seasonal', 'iav', 'trend'] as const;
      const columnsOf = (v: string) => ({ original: prepared.values[v], seasonal: bands[v].seasonal, iav: bands[v].iav, trend: bands[v].trend });
      const header = ['date', ...variables.flatMap((v) => kinds.map((k) => (flags.all ? `${v}_${k}` : k)))];
      const rows = [header.join(',')];
      for (let t = 0; t < n; t++) {
        rows.push([formatDay(prepared.dates[t]), ...variables.flatMap((v) => kinds.map((k) => String(columnsOf(v)[k][t])))].join(','));
      }
      writeFileAtomic(flags.out, `${rows.join('\n')}\n`);
      log(`wrote ${flags.out}`);
      if (flags.plot) {
        const v = variables[0];
        const svg = await bandSeries({
          title: `${flags.site} ${v}: SSA bands (L = ${bands[v].meta.window} d, ${bands[v].meta.mode})`,
          yTitle: v.startsWith('NEE') ? `${v} (gC m⁻² d⁻¹)` : v,
          dates: Array.from(prepared.dates),
          panels: 'stacked',
          series: kinds.map((k) => ({ name: k, values: columnsOf(v)[k] })),
        });
        await closeFigureRenderer();
        writeFileAtomic(flags.plot, svg);
        log(`wrote ${flags.plot}`);
      }
    });
}

