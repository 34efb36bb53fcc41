/**
 * Aggregation of attributions to features and drivers (Fig. 6): the share of driver d is
 * P_d = Σ|φ_f| / Σ|φ| (in %), summed over explained windows, time steps and the features f of d.
 */
import { InvalidParameterError } from '../metrics/errors.js';
import type { AttributionSet } from './gradient-shap.js';

/** Per-feature sums of attributions over windows and time steps (model output units). */
export interface FeatureTotals {
  /** Σ|φ| per feature. */
  readonly absolute: Float64Array;
  /** Σφ per feature. */
  readonly signed: Float64Array;
}

/** Share of one driver. */
export interface DriverShare {
  readonly driver: string;
  /** Feature names that belong to the driver, in feature order. */
  readonly features: readonly string[];
  /** P_d in % of Σ|φ| (NaN when all attributions are zero). */
  readonly share: number;
  /** Σ|φ| over the driver's features. */
  readonly absolute: number;
  /** Σφ over the driver's features. */
  readonly signed: number;
}

/** Maps features to drivers: driver → its feature names, or a function naming a feature's driver. */
export type DriverGroups = Readonly<Record<string, readonly string[]>> | ((featureName: string) => string);

const KNOWN_DRIVERS: Readonly<Record<string, string>> = {
  ta_f: 'temperature',
  ta: 'temperature',
  sw_in_f: 'radiation',
  sw_in: 'radiation',
  netrad: 'radiation',
  vpd_f: 'VPD',
  vpd: 'VPD',
  p_f: 'precipitation',
  p: 'precipitation',
  ws_f: 'wind',
  ws: 'wind',
  doy_sin: 'DOY',
  doy_cos: 'DOY',
  lat: 'location',
  lon: 'location',
};

/**
 * Default feature → driver mapping: FLUXNET driver names to the paper's drivers (TA_F → temperature,
 * SW_IN_F and NETRAD → radiation, VPD_F → VPD, P_F → precipitation, WS_F → wind), doy_sin/doy_cos → DOY,
 * lat/lon → location (case-insensitive); any other feature is a driver of its own name.
 */
export function defaultDriverOf(featureName: string): string {
  return KNOWN_DRIVERS[featureName.toLowerCase()] ?? featureName;
}

/** Σ|φ| and Σφ per feature, summed over windows and time steps. */
export function featureTotals(set: AttributionSet): FeatureTotals {
  const { attributions, features } = set;
  if (attributions.length !== set.n * set.window * features) {
    throw new InvalidParameterError('attributions', `length ${attributions.length} is not n·window·features = ${set.n}·${set.window}·${features}`);
  }
  const absolute = new Float64Array(features);
  const signed = new Float64Array(features);
  for (let k = 0; k < attributions.length; k += features) {
    for (let f = 0; f < features; f++) {
      const v = attributions[k + f];
      absolute[f] += Math.abs(v);
      signed[f] += v;
    }
  }
  return { absolute, signed };
}

function driverOfEach(featureNames: readonly string[], groups: DriverGroups): string[] {
  if (typeof groups === 'function') return featureNames.map((name) => groups(name));
  const owner = new Map<string, string>();
  for (const [driver, names] of Object.entries(groups)) {
    for (const name of names) {
      if (!featureNames.includes(name)) throw new InvalidParameterError('groups', `driver '${driver}' names unknown feature '${name}'`);
      const previous = owner.get(name);
      if (previous !== undefined) throw new InvalidParameterError('groups', `feature '${name}' belongs to both '${previous}' and '${driver}'`);
      owner.set(name, driver);
    }
  }
  return featureNames.map((name) => owner.get(name) ?? name);
}

/**
 * Share of each driver in the total absolute attribution, P_d = Σ|φ_d| / Σ|φ| · 100 (%), drivers in the order
 * of their first feature. `featureNames` names the last axis of the attributions; `groups` maps features to
 * drivers (default {@link defaultDriverOf}; features a record leaves out are drivers of their own). The shares
 * sum to 100.
 */
export function driverShares(set: AttributionSet, featureNames: readonly string[], groups: DriverGroups = defaultDriverOf): DriverShare[] {
  if (featureNames.length !== set.features) {
    throw new InvalidParameterError('featureNames', `${featureNames.length} names for ${set.features} features`);
  }
  if (new Set(featureNames).size !== featureNames.length) throw new InvalidParameterError('featureNames', 'names must be unique');
  const totals = featureTotals(set);
  const drivers = driverOfEach(featureNames, groups);
  let total = 0;
  for (let f = 0; f < set.features; f++) total += totals.absolute[f];
  const byDriver = new Map<string, { features: string[]; absolute: number; signed: number }>();
  drivers.forEach((driver, f) => {
    const entry = byDriver.get(driver) ?? { features: [], absolute: 0, signed: 0 };
    entry.features.push(featureNames[f]);
    entry.absolute += totals.absolute[f];
    entry.signed += totals.signed[f];
    byDriver.set(driver, entry);
  });
  return [...byDriver].map(([driver, e]) => ({
    driver,
    features: e.features,
    share: total > 0 ? (100 * e.absolute) / total : Number.NaN,
    absolute: e.absolute,
    signed: e.signed,
  }));
}
