/**
 * Lazily windowed samples. A sample is one target day with the `window` days of inputs ending on it
 * (the target day included). Features per day, in this order: the drivers (in the order given), then
 * `doy_sin`, `doy_cos` (sin and cos of 2π·(day of year − 1)/days in that year), then `lat`, `lon`
 * (decimal degrees). Per site, target days with a full window behind them are split (splits.ts: chronologically,
 * or one block of a rolling-origin evaluation); chronologically:
 * the first `trainFraction` of them train, the rest test (test windows may reach into training inputs).
 * Only per-site daily feature matrices are kept; windows (or chunks of consecutive samples) are copied
 * into a batch on request.
 */
import { civilDate, dayNumber, daysInYear } from './dates.js';
import { ConfigError, FluxnetDataError } from './errors.js';
import { Scaler, type ScalerJSON } from './scaler.js';
import { DEFAULT_TRAIN_FRACTION, DEFAULT_WINDOW, splitBounds, type SplitBounds, type TestBlock } from './splits.js';
import type { ChunkBatch, WindowBatch, WindowSource } from './window-types.js';

/** Any per-site series to window: the prepared data or derived series (e.g. SSA bands) of the same length. */
export interface WindowSiteInput {
  readonly siteId: string;
  /** Decimal degrees. */
  readonly lat: number;
  readonly lon: number;
  /** Consecutive days since 1970-01-01 (UTC). */
  readonly dates: Int32Array;
  /** Target series, aligned with `dates`. */
  readonly target: ArrayLike<number>;
  /** Driver series, aligned with `dates`. */
  readonly drivers: Readonly<Record<string, ArrayLike<number>>>;
}

/** Which samples a source serves. */
export type Split = 'train' | 'test' | 'all';

/** Options of {@link createWindowSource}. */
export interface WindowSourceOptions {
  /** Days per input window (default 365). */
  readonly window?: number;
  /** Split to serve (default 'all'). */
  readonly split?: Split;
  /** Fraction of each site's target days that train (default 0.8; ignored with `testBlock`). */
  readonly trainFraction?: number;
  /** A rolling-origin test block to serve instead of the chronological split (see splits.ts). */
  readonly testBlock?: TestBlock | null;
  /** Keep every `stride`-th target day of the split (default 1). */
  readonly stride?: number;
  /** Standardisation applied inside batch() (default none). */
  readonly scaler?: Scaler | ScalerJSON | null;
  /** Driver names in feature order (default: the first site's driver keys). */
  readonly drivers?: readonly string[];
}

/** The day features appended after the drivers, in order. */
export const CALENDAR_FEATURES = ['doy_sin', 'doy_cos', 'lat', 'lon'] as const;


/** A batch with the sample indices it was built from. */
export interface IndexedBatch extends WindowBatch {
  /** Indices (into the source) of the samples, in batch order. */
  readonly indices: Int32Array;
}

interface SiteData extends SplitBounds {
  readonly input: WindowSiteInput;
  readonly length: number;
}

/** Unscaled daily features of one site, row-major [days, features]. */
function rawFeatures(site: SiteData, drivers: readonly string[]): Float64Array {
  const { input, length } = site;
  const f = drivers.length + CALENDAR_FEATURES.length;
  const out = new Float64Array(length * f);
  drivers.forEach((name, k) => {
    const v = input.drivers[name];
    for (let i = 0; i < length; i++) out[i * f + k] = v[i];
  });
  const start = civilDate(input.dates[0]);
  let year = start.year;
  let yearStart = dayNumber(year, 1, 1);
  let yearLength = daysInYear(year);
  const d = drivers.length;
  for (let i = 0; i < length; i++) {
    if (input.dates[i] - yearStart >= yearLength) {
      year++;
      yearStart += yearLength;
      yearLength = daysInYear(year);
    }
    const doy0 = input.dates[i] - yearStart;
    const angle = (2 * Math.PI * doy0) / yearLength;
    out[i * f + d] = Math.sin(angle);
    out[i * f + d + 1] = Math.cos(angle);
    out[i * f + d + 2] = input.lat;
    out[i * f + d + 3] = input.lon;
  }
  return out;
}

/** The days of one site that a source's samples cover, with the site's unscaled features. */
interface Coverage {
  readonly features: Float64Array;
  readonly target: ArrayLike<number>;
  /** First input day, first target day and one past the last target day (indices into the site series). */
  readonly inputFrom: number;
  readonly targetFrom: number;
  readonly to: number;
}

/** Per-source cache of the (scaled) feature matrices and targets, shared by subsets. */
class FeatureCache {
  private readonly x: Array<Float32Array | undefined> = [];
  private readonly y: Array<Float32Array | undefined> = [];
  constructor(
    private readonly sites: readonly SiteData[],
    private readonly drivers: readonly string[],
    private readonly scaler: Scaler | null,
  ) {}

  features(s: number): Float32Array {
    let m = this.x[s];
    if (!m) {
      const raw = rawFeatures(this.sites[s], this.drivers);
      m = new Float32Array(raw.length);
      const sc = this.scaler;
      const f = this.drivers.length + CALENDAR_FEATURES.length;
      for (let i = 0; i < raw.length; i++) {
        const k = i % f;
        m[i] = sc ? (raw[i] - sc.xMean[k]) / sc.xStd[k] : raw[i];
      }
      this.x[s] = m;
    }
    return m;
  }

  targets(s: number): Float32Array {
    let t = this.y[s];
    if (!t) {
      const target = this.sites[s].input.target;
      t = new Float32Array(this.scaler ? this.scaler.scaleTarget(target) : Float64Array.from(target));
      this.y[s] = t;
    }
    return t;
  }
}

/** The {@link WindowSource} implementation of this package (see {@link createWindowSource}). */
export class LazyWindowSource implements WindowSource {
  readonly size: number;
  readonly featureNames: readonly string[];
  readonly siteIds: readonly string[];
  readonly scaler: ScalerJSON | null;

  /** @internal Use {@link createWindowSource}. */
  constructor(
    private readonly sites: readonly SiteData[],
    readonly drivers: readonly string[],
    readonly window: number,
    readonly sampleSite: Int32Array,
    /** Index of each sample's target day within its site's series. */
    readonly sampleOffset: Int32Array,
    readonly sampleDay: Int32Array,
    /** The standardisation applied in batch(), or null. */
    readonly scalerObject: Scaler | null,
    private readonly cache: FeatureCache = new FeatureCache(sites, drivers, scalerObject),
  ) {
    this.size = sampleSite.length;
    this.featureNames = [...drivers, ...CALENDAR_FEATURES];
    this.siteIds = sites.map((s) => s.input.siteId);
    this.scaler = scalerObject ? scalerObject.toJSON() : null;
  }

  /** Builds the batch [indices.length, window, features] of the given samples, standardised if a scaler is set. */
  batch(indices: ArrayLike<number>): IndexedBatch {
    const f = this.featureNames.length;
    const w = this.window;
    const b = indices.length;
    const x = new Float32Array(b * w * f);
    const y = new Float32Array(b);
    const idx = new Int32Array(b);
    for (let k = 0; k < b; k++) {
      const i = checkIndex(indices[k], this.size);
      idx[k] = i;
      const s = this.sampleSite[i];
      const t = this.sampleOffset[i];
      x.set(this.cache.features(s).subarray((t - w + 1) * f, (t + 1) * f), k * w * f);
      y[k] = this.cache.targets(s)[t];
    }
    return { x, y, size: b, window: w, features: f, indices: idx };
  }

  /**
   * Builds the chunks [firstSamples.length, window + targets − 1, features] whose first targets are
   * `firstSamples` (see {@link ChunkBatch}), standardised if a scaler is set. Throws a ConfigError
   * unless each chunk's `targets` samples exist and are of one site on consecutive days.
   */
  chunks(firstSamples: ArrayLike<number>, targets: number): ChunkBatch {
    positiveInteger('targets', targets);
    const f = this.featureNames.length;
    const w = this.window;
    const steps = w + targets - 1;
    const b = firstSamples.length;
    const x = new Float32Array(b * steps * f);
    const y = new Float32Array(b * targets);
    for (let k = 0; k < b; k++) {
      const first = checkIndex(firstSamples[k], this.size);
      const s = this.sampleSite[first];
      const t = this.sampleOffset[first];
      if (first + targets > this.size) {
        throw new ConfigError('chunks', `samples ${first} … ${first + targets - 1} do not exist (the source has ${this.size} samples)`);
      }
      for (let j = 1; j < targets; j++) {
        if (this.sampleSite[first + j] !== s || this.sampleOffset[first + j] !== t + j) {
          throw new ConfigError(
            'chunks',
            `samples ${first} … ${first + targets - 1} are not ${targets} consecutive days of one site (sample ${first + j} breaks the run)`,
          );
        }
      }
      x.set(this.cache.features(s).subarray((t - w + 1) * f, (t + targets) * f), k * steps * f);
      y.set(this.cache.targets(s).subarray(t, t + targets), k * targets);
    }
    return { x, y, size: b, window: w, targets, features: f };
  }

  /** The samples at `indices` as a source sharing this one's data and cache. */
  subset(indices: ArrayLike<number>): LazyWindowSource {
    const n = indices.length;
    const site = new Int32Array(n);
    const offset = new Int32Array(n);
    const day = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const i = checkIndex(indices[k], this.size);
      site[k] = this.sampleSite[i];
      offset[k] = this.sampleOffset[i];
      day[k] = this.sampleDay[i];
    }
    return new LazyWindowSource(this.sites, this.drivers, this.window, site, offset, day, this.scalerObject, this.cache);
  }

  /** The same samples standardised by `scaler` (null: unscaled). */
  withScaler(scaler: Scaler | ScalerJSON | null): LazyWindowSource {
    const sc = toScaler(scaler, this.featureNames);
    return new LazyWindowSource(this.sites, this.drivers, this.window, this.sampleSite, this.sampleOffset, this.sampleDay, sc);
  }

  /** Target values of the samples in original units (unscaled), in sample order. */
  targets(): Float64Array {
    const out = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.sites[this.sampleSite[i]].input.target[this.sampleOffset[i]];
    return out;
  }

  /** @internal Unscaled statistics input for {@link fitScaler}: per site, the covered day ranges. */
  coverage(): Coverage[] {
    const lo = new Int32Array(this.sites.length).fill(-1);
    const hi = new Int32Array(this.sites.length).fill(-1);
    for (let i = 0; i < this.size; i++) {
      const s = this.sampleSite[i];
      const t = this.sampleOffset[i];
      if (lo[s] < 0 || t < lo[s]) lo[s] = t;
      if (t > hi[s]) hi[s] = t;
    }
    const out: Coverage[] = [];
    this.sites.forEach((site, s) => {
      if (lo[s] < 0) return;
      out.push({ features: rawFeatures(site, this.drivers), target: site.input.target, inputFrom: lo[s] - this.window + 1, targetFrom: lo[s], to: hi[s] + 1 });
    });
    return out;
  }
}

function checkIndex(i: number, size: number): number {
  if (!(i >= 0 && i < size && Number.isInteger(i))) throw new ConfigError('indices', `sample index ${i} out of range [0, ${size})`);
  return i;
}

function toScaler(scaler: Scaler | ScalerJSON | null | undefined, featureNames: readonly string[]): Scaler | null {
  if (!scaler) return null;
  const sc = scaler instanceof Scaler ? scaler : Scaler.fromJSON(scaler);
  if (sc.featureNames.join() !== featureNames.join()) {
    throw new ConfigError('scaler', `fitted on features [${sc.featureNames.join(', ')}], source has [${featureNames.join(', ')}]`);
  }
  return sc;
}

function positiveInteger(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new ConfigError(name, `must be an integer >= 1, got ${v}`);
  return v;
}

function checkSite(input: WindowSiteInput, drivers: readonly string[], window: number): void {
  const n = input.dates.length;
  const id = input.siteId;
  if (!Number.isFinite(input.lat) || !Number.isFinite(input.lon)) throw new ConfigError(id, 'lat and lon must be finite numbers');
  for (let i = 1; i < n; i++) {
    if (input.dates[i] !== input.dates[0] + i) throw new ConfigError(id, `dates must be consecutive days (break at index ${i})`);
  }
  if (input.target.length !== n) throw new ConfigError(id, `target has ${input.target.length} values for ${n} dates`);
  for (const d of drivers) {
    const v = input.drivers[d];
    if (!v) throw new ConfigError(id, `driver ${d} missing`);
    if (v.length !== n) throw new ConfigError(id, `driver ${d} has ${v.length} values for ${n} dates`);
  }
  if (n < window) throw new FluxnetDataError(id, `series of ${n} days is shorter than one ${window}-day window`);
}

/**
 * Windows the given sites lazily (see the module comment for features and split). Throws
 * {@link ConfigError} for inconsistent inputs or options and {@link FluxnetDataError} for a site
 * shorter than one window.
 */
export function createWindowSource(sites: readonly WindowSiteInput[], options: WindowSourceOptions = {}): LazyWindowSource {
  const window = positiveInteger('window', options.window ?? DEFAULT_WINDOW);
  const stride = positiveInteger('stride', options.stride ?? 1);
  const trainFraction = options.trainFraction ?? DEFAULT_TRAIN_FRACTION;
  const split = options.split ?? 'all';
  if (!(trainFraction > 0 && trainFraction <= 1)) throw new ConfigError('trainFraction', `must be in (0, 1], got ${trainFraction}`);
  if (!['train', 'test', 'all'].includes(split)) throw new ConfigError('split', `must be train, test or all, got ${String(split)}`);
  if (sites.length === 0) throw new ConfigError('sites', 'no site to window');
  const drivers = options.drivers ?? Object.keys(sites[0].drivers);
  if (drivers.length === 0) throw new ConfigError('drivers', 'sites have no driver series');
  const data: SiteData[] = sites.map((input) => {
    checkSite(input, drivers, window);
    return { input, length: input.dates.length, ...splitBounds(input.dates.length, { window, trainFraction, testBlock: options.testBlock }, input.siteId) };
  });
  const site: number[] = [];
  const offset: number[] = [];
  const day: number[] = [];
  data.forEach((s, k) => {
    const from = split === 'test' ? s.trainEnd : s.trainStart;
    const to = split === 'train' ? s.trainEnd : split === 'test' ? s.testEnd : s.length;
    for (let t = from; t < to; t += stride) {
      site.push(k);
      offset.push(t);
      day.push(s.input.dates[t]);
    }
  });
  const featureNames = [...drivers, ...CALENDAR_FEATURES];
  return new LazyWindowSource(data, drivers, window, Int32Array.from(site), Int32Array.from(offset), Int32Array.from(day), toScaler(options.scaler, featureNames));
}

/**
 * Fits the standardisation on training data only: given a source, on the input days its samples'
 * windows cover (x, each day once per site) and the target days from its first to its last sample
 * per site (y); given sites, on their training split (`options` as for createWindowSource).
 */
export function fitScaler(source: LazyWindowSource | readonly WindowSiteInput[], options: WindowSourceOptions = {}): Scaler {
  const src = source instanceof LazyWindowSource ? source : createWindowSource(source, { ...options, split: 'train', scaler: null });
  if (src.size === 0) throw new ConfigError('source', 'no sample to fit a scaler on');
  const f = src.featureNames.length;
  const coverage = src.coverage();
  const x = new Moments(f);
  const y = new Moments(1);
  for (let pass = 0; pass < 2; pass++) {
    for (const c of coverage) {
      for (let i = c.inputFrom; i < c.to; i++) x.add(pass, c.features, i * f);
      for (let i = c.targetFrom; i < c.to; i++) y.add(pass, c.target, i);
    }
    x.finishPass(pass);
    y.finishPass(pass);
  }
  return new Scaler(src.featureNames, x.mean, x.std(), y.mean[0], y.std()[0]);
}

/**
 * Two-pass mean and population standard deviation of `width` interleaved variables; sums are taken
 * relative to each variable's first value, so a constant variable has exactly its value as mean.
 */
class Moments {
  readonly mean: Float64Array;
  private readonly acc: Float64Array;
  private readonly shift: Float64Array;
  private n = 0;
  constructor(private readonly width: number) {
    this.mean = new Float64Array(width);
    this.acc = new Float64Array(width);
    this.shift = new Float64Array(width);
  }

  /** Adds the values at values[at .. at + width) to pass 0 (sums) or pass 1 (squared deviations). */
  add(pass: number, values: ArrayLike<number>, at: number): void {
    if (pass === 0 && this.n === 0) for (let k = 0; k < this.width; k++) this.shift[k] = values[at + k];
    for (let k = 0; k < this.width; k++) {
      const d = values[at + k] - (pass === 0 ? this.shift[k] : this.mean[k]);
      this.acc[k] += pass === 0 ? d : d * d;
    }
    if (pass === 0) this.n++;
  }

  finishPass(pass: number): void {
    if (pass === 0) {
      for (let k = 0; k < this.width; k++) this.mean[k] = this.shift[k] + this.acc[k] / this.n;
      this.acc.fill(0);
    } else for (let k = 0; k < this.width; k++) this.acc[k] /= this.n;
  }

  /** Standard deviations, with 1 for a (numerically) constant or non-finite variable. */
  std(): Float64Array {
    return this.acc.map((v, k) => {
      const sd = Math.sqrt(v);
      return Number.isFinite(sd) && sd > 1e-9 * Math.max(1, Math.abs(this.mean[k])) ? sd : 1;
    });
  }
}
