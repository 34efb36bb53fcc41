/**
 * Plausible ranges of FLUXNET2015 daily variables: a value outside its variable's range (or any
 * non-finite value) is a corrupt or mis-scaled cell, not a measurement. Bounds are physically
 * generous for daily means (daily sums for P) in the units of the FLUXNET2015 DD files.
 */
import { ConfigError } from './errors.js';
import { QC_SUFFIX, variableKey } from './variables.js';

/** Plausible bounds of one variable, inclusive, with where they come from. */
export interface PlausibleRange {
  readonly min: number;
  readonly max: number;
  /** Unit of the daily files (gC m-2 d-1, degC, W m-2, hPa, kPa, mm d-1, m s-1, fraction). */
  readonly unit: string;
  /** Why these bounds (physical limit or reference QC range). */
  readonly basis: string;
}

const CARBON_FLUX: PlausibleRange = {
  min: -50,
  max: 50,
  unit: 'gC m-2 d-1',
  basis: "REddyProc's NEE plausibility bound of -50; about twice the largest daily |NEE| or GPP of 110 FLUXNET2015 sites",
};

/**
 * Plausible range per FLUXNET variable. A key matches the column of that name and every column that
 * continues it after an underscore (NEE matches NEE_VUT_REF, NEE_CUT_50...; TA matches TA_F, TA_ERA;
 * the longest matching key wins, so PA_F is PA and P_F is P). Columns ending in `_QC` (the daily
 * fraction of good half-hours) use the `*_QC` row. Other columns only need to be finite.
 */
export const PLAUSIBLE_RANGES: Readonly<Record<string, PlausibleRange>> = {
  NEE: CARBON_FLUX,
  GPP: CARBON_FLUX,
  RECO: CARBON_FLUX,
  TA: { min: -90, max: 60, unit: 'degC', basis: 'world air temperature records (-89.2 degC, 56.7 degC)' },
  SW_IN: {
    min: -10,
    max: 600,
    unit: 'W m-2',
    basis: 'above the largest daily mean top-of-atmosphere insolation (about 560 W m-2, polar summer); -10 allows night-time sensor offsets',
  },
  LW_IN: { min: 50, max: 700, unit: 'W m-2', basis: 'ONEFlux qc_auto LW_IN range (half-hourly)' },
  NETRAD: { min: -300, max: 600, unit: 'W m-2', basis: 'at most the SW_IN bound; daily net long-wave loss is far below 300 W m-2' },
  VPD: { min: -5, max: 120, unit: 'hPa', basis: 'ONEFlux qc_auto VPD range (half-hourly)' },
  PA: { min: 50, max: 110, unit: 'kPa', basis: 'FluxnetLSM PA_F range (about 5500 m altitude to above the sea-level record)' },
  P: { min: 0, max: 2000, unit: 'mm d-1', basis: 'above the world 24-hour rainfall record (1825 mm)' },
  WS: { min: 0, max: 75, unit: 'm s-1', basis: 'FluxnetLSM WS_F range (half-hourly)' },
  '*_QC': { min: 0, max: 1, unit: 'fraction', basis: 'daily QC is the fraction of measured or good-quality gap-filled half-hours' },
};

/** The plausible range of a column (see {@link PLAUSIBLE_RANGES}), or null if only finiteness is checked. */
export function plausibleRange(column: string): PlausibleRange | null {
  if (column.endsWith(QC_SUFFIX)) return PLAUSIBLE_RANGES[`*${QC_SUFFIX}`];
  const key = variableKey(column, Object.keys(PLAUSIBLE_RANGES));
  return key === null ? null : PLAUSIBLE_RANGES[key];
}

/** What a value of `column` must be: `within -50 to 50 gC m-2 d-1`, or `finite` for a column without a range. */
export function describeRange(column: string): string {
  const range = plausibleRange(column);
  return range ? `within ${range.min} to ${range.max} ${range.unit}` : 'finite';
}

/** What reading does with a value outside its plausible range: read it as missing, or fail. */
export type OutOfRangePolicy = 'missing' | 'error';

/** The policies, for option and configuration checks. */
export const OUT_OF_RANGE_POLICIES: readonly OutOfRangePolicy[] = ['missing', 'error'];

/** Default policy: out-of-range values are missing (and gap-filled like any missing day). */
export const DEFAULT_OUT_OF_RANGE: OutOfRangePolicy = 'missing';

/** `policy` checked (default {@link DEFAULT_OUT_OF_RANGE}); anything else is a ConfigError naming `outOfRange`. */
export function outOfRangePolicy(policy: unknown = DEFAULT_OUT_OF_RANGE): OutOfRangePolicy {
  if (!OUT_OF_RANGE_POLICIES.includes(policy as OutOfRangePolicy)) {
    throw new ConfigError('outOfRange', `must be ${OUT_OF_RANGE_POLICIES.map((p) => `'${p}'`).join(' or ')}, got ${JSON.stringify(policy)}`);
  }
  return policy as OutOfRangePolicy;
}

/** The values of one variable in a file that were outside its plausible range (read as missing). */
export interface OutOfRangeReport {
  /** How many, in the whole file. */
  readonly count: number;
  /** 1-based file line of the first one. */
  readonly firstLine: number;
  /** The first one's cell, as written in the file (e.g. `1e6`, `1e400`). */
  readonly firstValue: string;
}
