/**
 * `fluxscale export RUN_DIR --format arrow|parquet|csv [--out DIR]`: a run's predictions and metrics
 * as one long table each, for pandas, R or any Arrow reader.
 */
import type { Command } from 'commander';
import { EXPORT_FORMATS, exportRun } from '../engine/export.js';
import type { TableFormat } from '../engine/table-files.js';
import { oneOf } from './options.js';

/** Registers `fluxscale export`. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      "write a run's predictions (run, group, model, task, guidance, site, date, observed, predicted) and metrics (as in metrics.csv) " +
        'as one long table each, for pandas, R or any Arrow reader',
    )
    .argument('<run-dir>', 'a run directory made by fluxscale experiment')
    .option('--format <format>', `${EXPORT_FORMATS.join(', ')} (Arrow IPC file, Parquet, CSV)`, oneOf('--format', EXPORT_FORMATS), 'parquet')
    .option('--out <dir>', 'folder for predictions.<ext> and metrics.<ext> (default RUN_DIR/export)')
    .action(async (runDir: string, flags: { format: TableFormat; out?: string }) => {
      const { files } = await exportRun(runDir, flags);
      for (const { file, rows } of files) {
        process.stderr.write(`fluxscale export: ${rows} rows\n`);
        process.stdout.write(`${file}\n`);
      }
    });
}
