/** Naming rules of FLUXNET variables shared by the tables keyed by variable (plausible ranges, daily aggregation). */

/** Suffix of a quality-flag column (`NEE_VUT_REF_QC`, `TA_F_QC`). */
export const QC_SUFFIX = '_QC';

/**
 * The key of `keys` naming the variable of `column`: the column itself, or the longest key it continues
 * after an underscore (NEE for NEE_VUT_REF, TA for TA_F; P for P_F but PA for PA_F); null if none.
 */
export function variableKey(column: string, keys: readonly string[]): string | null {
  let best: string | null = null;
  for (const key of keys) {
    if ((column === key || column.startsWith(`${key}_`)) && (best === null || key.length > best.length)) best = key;
  }
  return best;
}
