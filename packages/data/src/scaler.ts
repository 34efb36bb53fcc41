/**
 * Standardisation of window features and target: (value - mean) / std per feature, with mean and
 * population standard deviation fitted on training data only. Serialisable with toJSON/fromJSON.
 */
import { ConfigError } from './errors.js';

/** JSON form of a {@link Scaler}. */
export type ScalerJSON = {
  readonly kind: 'standard';
  readonly featureNames: readonly string[];
  readonly xMean: readonly number[];
  readonly xStd: readonly number[];
  readonly yMean: number;
  readonly yStd: number;
};

/** Feature and target standardisation (a std of 0 is stored as 1, so a constant feature maps to 0). */
export class Scaler {
  constructor(
    readonly featureNames: readonly string[],
    readonly xMean: Float64Array,
    readonly xStd: Float64Array,
    readonly yMean: number,
    readonly yStd: number,
  ) {
    if (xMean.length !== featureNames.length || xStd.length !== featureNames.length) {
      throw new ConfigError('scaler', `needs one mean and std per feature (${featureNames.length})`);
    }
    if (![...xMean, ...xStd, yMean, yStd].every(Number.isFinite) || [...xStd, yStd].some((s) => s <= 0)) {
      throw new ConfigError('scaler', 'means must be finite and standard deviations finite and > 0');
    }
  }

  /** Standardised target values. */
  scaleTarget(y: ArrayLike<number>): Float64Array {
    return Float64Array.from(y, (v) => (v - this.yMean) / this.yStd);
  }

  /** Target values back in original units from standardised ones. */
  inverseTarget(y: ArrayLike<number>): Float64Array {
    return Float64Array.from(y, (v) => v * this.yStd + this.yMean);
  }

  /** Plain-JSON description (for storing with a trained model). */
  toJSON(): ScalerJSON {
    return {
      kind: 'standard',
      featureNames: [...this.featureNames],
      xMean: Array.from(this.xMean),
      xStd: Array.from(this.xStd),
      yMean: this.yMean,
      yStd: this.yStd,
    };
  }

  /** Rebuilds a scaler from {@link Scaler.toJSON} output; throws {@link ConfigError} if malformed. */
  static fromJSON(json: unknown): Scaler {
    const j = json as Partial<ScalerJSON> | null;
    const numbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');
    if (
      !j ||
      j.kind !== 'standard' ||
      !Array.isArray(j.featureNames) ||
      !j.featureNames.every((n) => typeof n === 'string') ||
      !numbers(j.xMean) ||
      !numbers(j.xStd) ||
      typeof j.yMean !== 'number' ||
      typeof j.yStd !== 'number'
    ) {
      throw new ConfigError('scaler', 'not a serialised standard scaler ({kind: "standard", featureNames, xMean, xStd, yMean, yStd})');
    }
    return new Scaler(j.featureNames, Float64Array.from(j.xMean), Float64Array.from(j.xStd), j.yMean, j.yStd);
  }
}
