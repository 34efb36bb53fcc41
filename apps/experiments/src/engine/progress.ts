/**
 * Progress for long steps: a bar on a TTY, plain timestamped log lines otherwise (CI, logs, pipes).
 * Everything goes to stderr so stdout stays clean for results.
 */
import { SingleBar, Presets } from 'cli-progress';

/** A progress reporter for one step with a known number of items. */
export interface Progress {
  tick(label?: string): void;
  stop(): void;
}

/** Writes a log line to stderr, prefixed with the elapsed wall time. */
export function log(message: string): void {
  process.stderr.write(`[fluxscale ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Starts a progress reporter over `total` items titled `title`. */
export function startProgress(title: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new SingleBar(
      { format: `${title} [{bar}] {value}/{total} {label} | {duration_formatted}`, stream, hideCursor: true },
      Presets.shades_classic,
    );
    bar.start(total, 0, { label: '' });
    return { tick: (label = '') => bar.increment(1, { label }), stop: () => bar.stop() };
  }
  let done = 0;
  log(`${title}: ${total} to do`);
  return {
    tick: (label) => {
      done += 1;
      log(`${title}: ${done}/${total}${label ? ` ${label}` : ''}`);
    },
    stop: () => undefined,
  };
}
