/** Shared test helpers: deterministic noise, fixtures. */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** Deterministic standard-normal-ish noise (Box–Muller over a Park–Miller generator). */
export function gaussianNoise(n: number, seed: number): Float64Array {
  let state = seed;
  const uniform = (): number => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return out;
}

/** max |a − b|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Series t ↦ f(t) for t = 0 … n−1 (days). */
export function series(n: number, f: (t: number) => number): Float64Array {
  return Float64Array.from({ length: n }, (_, t) => f(t));
}

const FIXTURES = path.join(__dirname, 'fixtures');

/** Real gap-filled NEE series of the committed fixture (see scripts/ssa_reference.py). */
export interface SiteSeries {
  readonly site: string;
  readonly igbp: string;
  readonly start: string;
  readonly filledDays: number;
  readonly nee: number[];
}

export function loadSites(): SiteSeries[] {
  const raw = zlib.gunzipSync(fs.readFileSync(path.join(FIXTURES, 'nee-sites.json.gz')));
  return (JSON.parse(raw.toString('utf8')) as { sites: SiteSeries[] }).sites;
}

/** Dense numpy SSA reference of FR-Gri NEE (scripts/ssa_reference.py). */
export interface SsaReference {
  readonly window: number;
  readonly rank: number;
  readonly input: number[];
  readonly singularValues: number[];
  readonly periods: (number | null)[];
  readonly bands: ('seasonal' | 'iav' | 'trend')[];
  readonly series: Record<'seasonal' | 'iav' | 'trend', number[]>;
}

export function loadReference(): SsaReference {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, 'ssa-reference-FR-Gri.json'), 'utf8')) as SsaReference;
}

/** Synthetic daily series with known parts: annual + semi-annual sines, a 3-year sine and a linear trend. */
export function syntheticParts(n: number, noise: number): { x: Float64Array; seasonal: Float64Array; iav: Float64Array; trend: Float64Array } {
  const seasonal = series(n, (t) => 3 * Math.sin((2 * Math.PI * t) / 365.25) + Math.cos((2 * Math.PI * t) / 182.625));
  const iav = series(n, (t) => 0.8 * Math.sin((2 * Math.PI * t) / 1095.75 + 0.4));
  const trend = series(n, (t) => 1.5 + 0.0004 * t);
  const e = gaussianNoise(n, 12345);
  const x = series(n, (t) => seasonal[t] + iav[t] + trend[t] + noise * e[t]);
  return { x, seasonal, iav, trend };
}
