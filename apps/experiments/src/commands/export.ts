/**
 * `fluxscale export RUN_DIR --format arrow|parquet|csv [--out DIR | --out -] [--table NAME]`: a run's
 * predictions and metrics as one long table each, for pandas, R or any Arrow reader; `--out -` writes
 * one table as CSV to stdout.
 */
import type { Command } from 'commander';
import { EXPORT_FORMATS, EXPORT_TABLES, exportRun, exportTables, type ExportTable } from '../engine/export.js';
import { isStdout } from '../engine/output.js';
import { tableCsv, type TableFormat } from '../engine/table-files.js';
import { oneOf } from './options.js';

interface ExportFlags {
  format: TableFormat;
  out?: string;
  table?: ExportTable;
}

/** Writes the one table `--out -` asks for to stdout as CSV, after checking that the flags ask for one CSV table. */
function exportToStdout(runDir: string, flags: ExportFlags, formatGiven: boolean): void {
  if (formatGiven && flags.format !== 'csv') throw new Error(`--out -: stdout takes CSV; ${flags.format} is written to a folder (--out DIR)`);
  if (flags.table === undefined) throw new Error(`--out -: stdout takes one table; add --table ${EXPORT_TABLES.join(' or --table ')}`);
  const [table] = exportTables(runDir, [flags.table]);
  process.stdout.write(tableCsv(table));
  process.stderr.write(`fluxscale export: ${table.rows} rows\n`);
}

/** Registers `fluxscale export`. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      "write a run's predictions (run, group, model, task, guidance, site, date, observed, predicted) and metrics (as in metrics.csv) " +
        'as one long table each, for pandas, R or any Arrow reader',
    )
    .argument('<run-dir>', 'a run directory made by fluxscale experiment')
    .option('--format <format>', `${EXPORT_FORMATS.join(', ')} (Arrow IPC file, Parquet, CSV; default parquet, csv with --out -)`, oneOf('--format', EXPORT_FORMATS), 'parquet')
    .option('--out <dir>', 'folder for predictions.<ext> and metrics.<ext> (default RUN_DIR/export); - writes one table (--table) as CSV to stdout')
    .option('--table <name>', `export only this table: ${EXPORT_TABLES.join(' or ')} (default both)`, oneOf('--table', EXPORT_TABLES))
    .action(async (runDir: string, flags: ExportFlags, command: Command) => {
      if (isStdout(flags.out)) return exportToStdout(runDir, flags, command.getOptionValueSource('format') === 'cli');
      const { files } = await exportRun(runDir, flags);
      for (const { file, rows } of files) {
        process.stderr.write(`fluxscale export: ${rows} rows\n`);
        process.stdout.write(`${file}\n`);
      }
    });
}
