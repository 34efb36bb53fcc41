/**
 * `fluxscale sites`: the usable sites of a FLUXNET2015 daily data directory as a table, JSON or CSV
 * (stdout, or --out FILE); skipped sites and values read as missing are announced on stderr.
 */
import { Option, type Command } from 'commander';
import { list, oneOf, positiveInt, variableName } from './options.js';
import { csvText } from '@fluxscale/util';
import { DEFAULT_SITE_FORMAT, SAMPLE_DATA_DIR, formatDay, prepareDirectory, siteReaders, type OutOfRangeReport, type PreparedDirectory } from '@fluxscale/data';
import { outOfRangeLines, siteOutOfRange, STDOUT, writeOutput } from '../engine/output.js';

/** One usable site as `fluxscale sites` reports it. */
interface SiteRow {
  site: string;
  igbp: string;
  group: string;
  lat: number;
  lon: number;
  first_day: string;
  last_day: string;
  n_days: number;
  /** Fraction of days gap-filled, per variable (target first). */
  filled: Record<string, number>;
  /** Per variable with any: values outside the plausible range, read as missing (count, first line and value). */
  out_of_range: Record<string, OutOfRangeReport>;
}

interface SitesOptions {
  data: string;
  dataFormat: string;
  meta?: string;
  target?: string;
  drivers?: string[];
  minYears?: number;
  format: 'table' | 'json' | 'csv';
  out: string;
}

function rowsOf(result: PreparedDirectory): SiteRow[] {
  return result.sites.map((s) => ({
    site: s.siteId,
    igbp: s.igbp,
    group: s.group,
    lat: s.lat,
    lon: s.lon,
    first_day: formatDay(s.dates[0]),
    last_day: formatDay(s.dates[s.dates.length - 1]),
    n_days: s.dates.length,
    filled: Object.fromEntries(Object.entries(s.fill).map(([name, report]) => [name, report.filledFraction])),
    out_of_range: siteOutOfRange(s),
  }));
}

function flatten(row: SiteRow, variables: readonly string[]): string[] {
  return [row.site, row.igbp, row.group, String(row.lat), String(row.lon), row.first_day, row.last_day, String(row.n_days), ...variables.map((v) => row.filled[v].toFixed(4))];
}

function render(result: PreparedDirectory, format: SitesOptions['format']): string {
  const variables = [result.target, ...result.drivers];
  const header = ['site', 'igbp', 'group', 'lat', 'lon', 'first_day', 'last_day', 'n_days', ...variables.map((v) => `filled_${v}`)];
  const rows = rowsOf(result);
  if (format === 'json') {
    return `${JSON.stringify({ sites: rows, skipped: result.skipped.map((s) => ({ site: s.siteId, reason: s.reason })) }, null, 2)}\n`;
  }
  const cells = rows.map((r) => flatten(r, variables));
  if (format === 'csv') return csvText([header, ...cells]);
  const widths = header.map((h, k) => Math.max(h.length, ...cells.map((r) => r[k].length)));
  const line = (r: string[]): string => r.map((c, k) => (k >= 3 && k !== 5 && k !== 6 ? c.padStart(widths[k]) : c.padEnd(widths[k]))).join('  ').trimEnd();
  const out = [line(header), ...cells.map(line)];
  out.push('', `${rows.length} usable site(s), ${result.skipped.length} skipped`);
  return out.join('\n') + '\n';
}

/**
 * The requested variables no site could use: every file was skipped for it (absent from its header,
 * or never valid). Empty when some site is usable.
 */
function unusableVariables(result: PreparedDirectory): string[] {
  if (result.sites.length > 0 || result.skipped.length === 0) return [];
  return [result.target, ...result.drivers].filter((v) => result.skipped.every((s) => s.variable === v));
}

/** Registers `fluxscale sites`: lists the usable sites of a FLUXNET2015 daily data directory (or one file). */
export function registerSites(program: Command): void {
  program
    .command('sites')
    .description('List the usable sites of a FLUXNET2015 daily data directory: selected years, days, gap-filled fractions, skipped sites')
    .option('--data <dir>', 'data directory (or one site file); default: the bundled sample', SAMPLE_DATA_DIR)
    .option('--data-format <name>', `format of the site files: ${siteReaders().map((r) => r.format).join(', ')}`, oneOf('--data-format', siteReaders().map((r) => r.format)), DEFAULT_SITE_FORMAT)
    .option('--meta <file>', 'site metadata CSV with site_id,igbp,lat,lon (default: fluxscale.json meta, else <dir>/sites.csv)')
    .option('--target <name>', 'target variable (default: fluxscale.json, else NEE_VUT_REF)', variableName('--target'))
    .option('--drivers <list>', 'comma-separated driver variables (default: fluxscale.json, else WS_F,P_F,TA_F,NETRAD,VPD_F)', list('--drivers'))
    .option('--min-years <n>', 'minimum consecutive usable years per site (default 5)', positiveInt('--min-years'))
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .option('--out <file>', 'where to write the list (default -: stdout)', STDOUT)
    .action((opts: SitesOptions) => {
      const result = prepareDirectory(opts.data, {
        format: opts.dataFormat,
        ...(opts.meta !== undefined ? { meta: opts.meta } : {}),
        ...(opts.target !== undefined ? { target: opts.target } : {}),
        ...(opts.drivers !== undefined ? { drivers: opts.drivers } : {}),
        ...(opts.minYears !== undefined ? { minYears: opts.minYears } : {}),
      });
      for (const s of result.skipped) process.stderr.write(`fluxscale sites: skipped ${s.siteId}: ${s.reason}\n`);
      for (const row of rowsOf(result)) for (const line of outOfRangeLines(row.site, row.out_of_range)) process.stderr.write(`fluxscale sites: ${line}\n`);
      writeOutput(opts.out, render(result, opts.format));
      const unusable = unusableVariables(result);
      if (unusable.length > 0) {
        const flag = unusable.includes(result.target) ? '--target' : '--drivers';
        throw new Error(`${flag}: no file of ${opts.data} has a usable ${unusable.join(' or ')} (every site was skipped for it, reasons above)`);
      }
      if (result.sites.length === 0) {
        throw new Error(`no usable site in ${opts.data}${result.skipped.length > 0 ? ` (${result.skipped.length} skipped, reasons above)` : ''}`);
      }
    });
}
