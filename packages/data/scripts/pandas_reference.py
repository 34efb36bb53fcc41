#!/usr/bin/env python3
"""Independent pandas reference for @fluxscale/data's loader, year selection and gap filling.

For every daily site file of the bundled sample it records day counts, per-variable means and missing
counts of the raw file, and, for each configuration in CASES, the selected years and per-variable
missing days, filled fraction, longest gap and mean after filling. The rules (see packages/data/README.md):
- -9999 is missing; days absent from the TIMESTAMP sequence are missing.
- optional QC masking: target is missing where <target>_QC < threshold (or the QC is missing).
- a calendar year is usable when every variable has >= min_valid_fraction of its 365/366 days valid;
  the longest run of consecutive usable years is selected (ties: earliest); at least min_years are needed.
- a missing day takes the mean of that calendar day (month, day) over the selected years; calendar days
  with no value are linearly interpolated around the annual circle.
Run: /usr/bin/python3 packages/data/scripts/pandas_reference.py  (writes test/fixtures/pandas-reference.json)
"""
import glob
import json
import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, '..', 'sample', 'fluxnet2015')
OUT = os.path.join(HERE, '..', 'test', 'fixtures', 'pandas-reference.json')
TARGET = 'NEE_VUT_REF'
DRIVERS = ['TA_F', 'SW_IN_F', 'VPD_F']
CASES = {
    'default': dict(qc_threshold=None, min_valid_fraction=0.8, min_years=5),
    'qc': dict(qc_threshold=0.7, min_valid_fraction=0.5, min_years=3),
}


def calendar_slot(index):
    """0-365 slot of each date on a fixed leap-year calendar (1 Mar = 60 in every year)."""
    return np.array([pd.Timestamp(2000, m, d).dayofyear - 1 for m, d in zip(index.month, index.day)])


def longest_run(mask):
    run, best, start, best_start = 0, 0, None, None
    for i, ok in enumerate(mask):
        if ok:
            if run == 0:
                start = i
            run += 1
            if run > best:
                best, best_start = run, start
        else:
            run = 0
    return best_start, best


def fill(series):
    slots = calendar_slot(series.index)
    clim = series.groupby(slots).mean().reindex(range(366))
    tiled = pd.concat([clim, clim, clim], ignore_index=True).interpolate(method='linear', limit_area='inside')
    clim = tiled.iloc[366:732].to_numpy()
    filled = series.to_numpy().copy()
    missing = np.isnan(filled)
    filled[missing] = clim[slots[missing]]
    gaps = (missing != np.r_[False, missing[:-1]]).cumsum()
    longest = int(pd.Series(missing).groupby(gaps).sum().max()) if missing.any() else 0
    return filled, int(missing.sum()), longest


def case(df, qc_threshold, min_valid_fraction, min_years):
    target = df[TARGET].copy()
    if qc_threshold is not None:
        target[~(df[TARGET + '_QC'] >= qc_threshold)] = np.nan
    data = pd.concat([target] + [df[d] for d in DRIVERS], axis=1)
    years = list(range(df.index[0].year, df.index[-1].year + 1))
    usable = []
    for y in years:
        n_days = 366 if pd.Timestamp(y, 12, 31).dayofyear == 366 else 365
        valid = data.loc[str(y)].notna().sum()
        usable.append(bool((valid / n_days >= min_valid_fraction).all()))
    start, n = longest_run(usable)
    if n < min_years:
        return {'skipped': True, 'usable_years': n}
    y0, y1 = years[start], years[start] + n - 1
    period = pd.date_range(f'{y0}-01-01', f'{y1}-12-31', freq='D')
    out = {'skipped': False, 'first_year': y0, 'last_year': y1, 'n_days': len(period), 'vars': {}}
    for name, col in zip([TARGET] + DRIVERS, data.columns):
        filled, missing, longest = fill(data[col].reindex(period))
        out['vars'][name] = {
            'missing': missing,
            'filled_fraction': missing / len(period),
            'longest_gap': longest,
            'mean_filled': float(filled.mean()),
            'std_filled': float(filled.std()),
        }
    return out


def main():
    sites = {}
    for path in sorted(glob.glob(os.path.join(SAMPLE, 'FLX_*_DD_*.csv.gz'))):
        site = os.path.basename(path).split('_')[1]
        raw = pd.read_csv(path, na_values=[-9999])
        raw.index = pd.to_datetime(raw['TIMESTAMP'].astype(str), format='%Y%m%d')
        df = raw.drop(columns='TIMESTAMP').reindex(pd.date_range(raw.index[0], raw.index[-1], freq='D'))
        sites[site] = {
            'file': os.path.basename(path),
            'rows': len(raw),
            'n_days': len(df),
            'first_day': str(df.index[0].date()),
            'last_day': str(df.index[-1].date()),
            'raw': {c: {'mean': float(df[c].mean()), 'missing': int(df[c].isna().sum())} for c in df.columns},
            'cases': {name: case(df, **cfg) for name, cfg in CASES.items()},
        }
    result = {
        'generated_by': 'packages/data/scripts/pandas_reference.py (pandas ' + pd.__version__ + ')',
        'target': TARGET,
        'drivers': DRIVERS,
        'cases': CASES,
        'sites': sites,
    }
    tmp = OUT + '.tmp'
    with open(tmp, 'w') as f:
        json.dump(result, f, indent=1)
    os.replace(tmp, OUT)
    print(f'wrote {OUT} ({len(sites)} sites)')


if __name__ == '__main__':
    main()
