/**
 * Progress a person can read, on stderr (stdout stays clean for results). On a terminal: a bar per
 * stage with done / total, the elapsed time, an ETA and the latest news — a finished unit, or a neural
 * unit's epoch with its losses. Without a terminal (CI, log files, pipes): a line when a stage starts
 * and ends, and in between at most one line per 30 s and per 5 % of the stage (both must have passed),
 * never one per unit — the paper profile has 18,000 tune units.
 */
import { SingleBar, Presets } from 'cli-progress';
import type { FitProgress } from '@fluxscale/models';

/** A progress reporter for one stage with a known number of units. */
export interface Progress {
  /** A unit finished; `label` names it. */
  tick(label?: string): void;
  /** News from a unit in flight (e.g. its epoch), shown with the next update. */
  note(label: string): void;
  stop(): void;
}

/** A duration in seconds as text: `42s`, `3m05s`, `1h02m`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * The estimated time left of a stage, `ETA 3m05s`: the mean time per finished unit so far times the
 * units left (`ETA –` before the first unit finishes, `ETA 0s` when all are done).
 */
export function etaText(done: number, total: number, elapsedMs: number): string {
  if (done >= total) return 'ETA 0s';
  if (done <= 0) return 'ETA –';
  return `ETA ${formatDuration(((elapsedMs / done) * (total - done)) / 1000)}`;
}

/** One epoch of a neural fit as text: `epoch 3/15 loss 0.412 val 0.520`. */
export function fitProgressText(p: FitProgress): string {
  return `epoch ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(3)}${p.valLoss === undefined ? '' : ` val ${p.valLoss.toFixed(3)}`}`;
}

/**
 * Writes a log line to stderr, prefixed with the time elapsed since this process started:
 * `[fluxscale +3m05s] message`.
 */
export function log(message: string): void {
  process.stderr.write(`[fluxscale +${formatDuration(process.uptime())}] ${message}\n`);
}

/** Settings of {@link startProgress}; the defaults suit the CLI, tests pass a fake stream and clock. */
export interface ProgressOptions {
  readonly stream?: NodeJS.WriteStream;
  /** Milliseconds since some origin (default Date.now). */
  readonly now?: () => number;
  /** Without a terminal: a line at most this often, in milliseconds (default 30 s)… */
  readonly minIntervalMs?: number;
  /** …and only after at least this fraction more of the stage is done (default 5 %). */
  readonly minFraction?: number;
  /** Without a terminal: where lines go (default {@link log}). */
  readonly write?: (line: string) => void;
}

/** The longest label shown on a bar, in characters (a longer one is cut). */
const MAX_LABEL = 60;

const cut = (label: string): string => (label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label);

/** Starts a progress reporter over the `total` units of stage `title`. */
export function startProgress(title: string, total: number, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const started = now();
  let done = 0;
  let latest = '';
  // payload keys other than cli-progress's own tokens (eta, duration, value, total…), which would win
  const status = () => ({ spent: formatDuration((now() - started) / 1000), left: etaText(done, total, now() - started), label: cut(latest) });
  if (stream.isTTY) {
    const bar = new SingleBar({ format: `${title} [{bar}] {value}/{total} | {spent} | {left} | {label}`, stream, hideCursor: true }, Presets.shades_classic);
    bar.start(total, 0, status());
    return {
      tick: (label = '') => {
        done += 1;
        latest = label;
        bar.update(done, status());
      },
      note: (label) => {
        latest = label;
        bar.update(done, status());
      },
      stop: () => bar.stop(),
    };
  }
  const write = options.write ?? log;
  const minInterval = options.minIntervalMs ?? 30_000;
  const minStep = Math.max(1, Math.ceil((options.minFraction ?? 0.05) * total));
  let lastAt = started;
  let lastDone = 0;
  write(`${title}: ${total} to do`);
  return {
    tick: (label) => {
      done += 1;
      if (label) latest = label;
      const at = now();
      if (done === total) {
        write(`${title}: ${done}/${total} done in ${formatDuration((at - started) / 1000)}`);
      } else if (at - lastAt >= minInterval && done - lastDone >= minStep) {
        const s = status();
        write(`${title}: ${done}/${total} (${Math.floor((100 * done) / total)} %), ${s.spent} elapsed, ${s.left}${latest ? `; latest: ${latest}` : ''}`);
        lastAt = at;
        lastDone = done;
      }
    },
    note: (label) => {
      latest = label;
    },
    stop: () => undefined,
  };
}
