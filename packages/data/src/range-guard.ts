/**
 * The plausible-range check of one parse: per requested column its bounds, and what was found outside
 * them (read as missing and counted, or a FluxnetFormatError under the 'error' policy).
 */
import { FluxnetFormatError } from './errors.js';
import { describeRange, plausibleRange, type OutOfRangePolicy, type OutOfRangeReport } from './ranges.js';

/** Plausible-range check of the requested columns during one parse: bounds per slot and what was found. */
export class RangeGuard {
  /** Inclusive bounds per slot; ±MAX_VALUE for a column without a range, so that only ±Infinity fails. */
  readonly low: Float64Array;
  readonly high: Float64Array;
  private readonly count: Int32Array;
  private readonly firstLine: Int32Array;
  private readonly firstValue: string[];

  constructor(
    private readonly file: string,
    private readonly columns: readonly string[],
    private readonly policy: OutOfRangePolicy,
  ) {
    const ranges = columns.map((c) => plausibleRange(c));
    this.low = Float64Array.from(ranges, (r) => r?.min ?? -Number.MAX_VALUE);
    this.high = Float64Array.from(ranges, (r) => r?.max ?? Number.MAX_VALUE);
    this.count = new Int32Array(columns.length);
    this.firstLine = new Int32Array(columns.length);
    this.firstValue = columns.map(() => '');
  }

  /** Records the out-of-range value `text` of `slot` on `line` and returns NaN, or throws under the 'error' policy. */
  reject(slot: number, text: string, line: number): number {
    const column = this.columns[slot];
    if (this.policy === 'error') {
      throw new FluxnetFormatError(this.file, `value ${text} is implausible: ${column} must be ${describeRange(column)}`, { line, column });
    }
    if (this.count[slot]++ === 0) {
      this.firstLine[slot] = line;
      this.firstValue[slot] = text;
    }
    return NaN;
  }

  /** The columns that had out-of-range values. */
  report(): Record<string, OutOfRangeReport> {
    const out: Record<string, OutOfRangeReport> = {};
    this.columns.forEach((c, k) => {
      if (this.count[k] > 0) out[c] = { count: this.count[k], firstLine: this.firstLine[k], firstValue: this.firstValue[k] };
    });
    return out;
  }
}
