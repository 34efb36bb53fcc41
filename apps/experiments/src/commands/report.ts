/**
 * `fluxscale report RUN_DIR [--open] [--out FILE]`: one self-contained HTML page of a run (findings,
 * tables beside the paper's, figures, manifest, config), optionally opened in the default browser.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Command } from 'commander';
import { writeRunReport } from '../engine/run-report.js';

interface ReportFlags {
  open?: boolean;
  out?: string;
  chronological?: string;
}

/** The full path of an executable on PATH, or null. */
function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not in this folder
    }
  }
  return null;
}

/** Opens `file` with the desktop's opener (xdg-open on Linux, open on macOS), detached; false when there is none. */
function openInBrowser(file: string): boolean {
  const opener = onPath(process.platform === 'darwin' ? 'open' : 'xdg-open');
  if (!opener) return false;
  const child = spawn(opener, [file], { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
  return true;
}

/** Registers `fluxscale report`. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write RUN_DIR/report.html: one self-contained page with the findings, the tables beside the paper\'s, every figure, the manifest and the config')
    .argument('<run-dir>', 'a run directory made by fluxscale experiment')
    .option('--out <file>', 'where to write the page (default RUN_DIR/report.html)')
    .option('--chronological <run-dir>', 'a leave-site-out run: show this chronological run’s Table 1 beside its own (Unseen sites)')
    .option('--open', 'open the page in the default browser (xdg-open / open); prints its path when there is none')
    .action((runDir: string, flags: ReportFlags) => {
      const report = writeRunReport(runDir, flags.out, flags.chronological);
      for (const w of report.warnings) process.stderr.write(`fluxscale report: warning: ${w}\n`);
      process.stderr.write(`fluxscale report: ${report.figures} figure(s), ${report.panels} panel(s)\n`);
      process.stdout.write(`${report.file}\n`);
      if (flags.open && !openInBrowser(report.file)) {
        process.stderr.write(`fluxscale report: no ${process.platform === 'darwin' ? 'open' : 'xdg-open'} found; open ${report.file} in a browser\n`);
      }
    });
}
