import { InvalidParameterError } from '../metrics/errors.js';

/** Dates as ISO `YYYY-MM-DD` strings, or as (possibly fractional) days since 1970-01-01 UTC. */
export type DateValues = readonly string[] | ArrayLike<number>;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds since 1970-01-01 UTC of each date (vega-lite's temporal values), strictly increasing. */
export function toEpochMs(dates: DateValues, parameter: string): Float64Array {
  if (dates === null || typeof dates !== 'object' || typeof dates.length !== 'number' || dates.length === 0) {
    throw new InvalidParameterError(parameter, 'must be a non-empty array of YYYY-MM-DD strings or of days since 1970-01-01');
  }
  const out = new Float64Array(dates.length);
  for (let i = 0; i < dates.length; i++) {
    const d = dates[i];
    if (typeof d === 'string') {
      const m = ISO_DATE.exec(d);
      const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
      if (!m || new Date(ms).toISOString().slice(0, 10) !== d) {
        throw new InvalidParameterError(parameter, `index ${i}: '${d}' is not a valid YYYY-MM-DD date`);
      }
      out[i] = ms;
    } else if (typeof d === 'number' && Number.isFinite(d)) {
      out[i] = d * MS_PER_DAY;
    } else {
      throw new InvalidParameterError(parameter, `index ${i}: must be a YYYY-MM-DD string or a finite number of days`);
    }
    if (i > 0 && !(out[i] > out[i - 1])) throw new InvalidParameterError(parameter, `must be strictly increasing (index ${i})`);
  }
  return out;
}
