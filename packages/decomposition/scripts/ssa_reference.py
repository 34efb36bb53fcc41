#!/usr/bin/python3
"""Independent dense SSA reference (numpy/LAPACK) and real NEE fixtures for @fluxscale/decomposition.

Run once from the package root:  /usr/bin/python3 scripts/ssa_reference.py
Writes
  test/fixtures/nee-sites.json.gz   gap-filled daily NEE_VUT_REF (gC m-2 d-1, rounded to 1e-4) of the
                                    daily sites in <repo>/../shared/data/fluxnet2015 (or $FLUXNET2015_DIR;
                                    FLUXNET2015, CC-BY-4.0)
  test/fixtures/ssa-reference-FR-Gri.json
                                    dense SSA of FR-Gri NEE (L = 1461): the gap-filled input, the 30
                                    leading singular values (numpy.linalg.svd of the L x K trajectory
                                    matrix), component periods and the three bands (same grouping rule
                                    as the package: periodogram peak on a power-of-two grid >= 4N,
                                    seasonal < 487 d <= iav <= 3896 d < trend, seasonal takes the residual).
Gap filling: the mean annual cycle rule of @fluxscale/data -- a missing day takes the mean of the valid
values on the same calendar day (month/day, 366 slots) over all years; empty slots are interpolated
linearly around the annual circle.
"""
import csv
import datetime as dt
import gzip
import io
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.join(HERE, '..', '..', '..')
DATA = os.environ.get('FLUXNET2015_DIR', os.path.join(REPO_ROOT, '..', 'shared', 'data', 'fluxnet2015'))
FIXTURES = os.path.join(HERE, '..', 'test', 'fixtures')
MONTH_START = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
WINDOW = 1461
RANK = 30
SEASONAL_MAX, TREND_MIN = 487, 3896


def calendar_slot(d):
    return MONTH_START[d.month - 1] + (1 if d.month > 2 else 0) + d.day - 1


def read_nee(path):
    dates, values = [], []
    with open(path) as f:
        for row in csv.DictReader(f):
            dates.append(dt.datetime.strptime(row['TIMESTAMP'], '%Y%m%d').date())
            v = float(row['NEE_VUT_REF'])
            values.append(np.nan if v == -9999 else v)
    return dates, np.array(values)


def fill_by_calendar_day(dates, values):
    slots = np.array([calendar_slot(d) for d in dates])
    valid = ~np.isnan(values)
    total = np.bincount(slots[valid], weights=values[valid], minlength=366)
    count = np.bincount(slots[valid], minlength=366)
    cycle = np.zeros(366)
    have = np.flatnonzero(count > 0)
    cycle[have] = total[have] / count[have]
    for k, a in enumerate(have):
        b = have[(k + 1) % len(have)]
        gap = (b - a + 366) % 366 or 366
        for j in range(1, gap):
            cycle[(a + j) % 366] = cycle[a] + (cycle[b] - cycle[a]) * j / gap
    filled = values.copy()
    filled[~valid] = cycle[slots[~valid]]
    return filled, int((~valid).sum())


def dominant_period(y):
    grid = 1
    while grid < 4 * len(y):
        grid *= 2
    power = np.abs(np.fft.rfft(y, grid)) ** 2
    k = int(np.argmax(power))
    return float('inf') if k == 0 else grid / k


def band_of(period):
    if period < SEASONAL_MAX:
        return 'seasonal'
    return 'trend' if period > TREND_MIN else 'iav'


def dense_ssa_bands(x, window, rank):
    n = len(x)
    k = n - window + 1
    traj = np.lib.stride_tricks.sliding_window_view(x, window).T  # L x K, X[i, j] = x[i + j]
    u, s, vt = np.linalg.svd(traj, full_matrices=False)
    counts = np.convolve(np.ones(window), np.ones(k))
    comps = [s[i] * np.convolve(u[:, i], vt[i]) / counts for i in range(rank)]
    periods = [dominant_period(c) for c in comps]
    bands = [band_of(p) for p in periods]
    iav = sum((c for c, b in zip(comps, bands) if b == 'iav'), np.zeros(n))
    trend = sum((c for c, b in zip(comps, bands) if b == 'trend'), np.zeros(n))
    return s, periods, bands, {'seasonal': x - iav - trend, 'iav': iav, 'trend': trend}


def main():
    sites = []
    with open(os.path.join(DATA, 'sites.csv')) as f:
        for row in csv.DictReader(f):
            dates, values = read_nee(os.path.join(DATA, row['file']))
            filled, missing = fill_by_calendar_day(dates, values)
            sites.append({
                'site': row['site_id'], 'igbp': row['igbp'], 'file': row['file'],
                'start': dates[0].strftime('%Y%m%d'), 'filledDays': missing,
                'nee': [round(float(v), 4) for v in filled],
            })
    with open(os.path.join(FIXTURES, 'nee-sites.json.gz'), 'wb') as raw, \
            gzip.GzipFile(fileobj=raw, mode='wb', mtime=0) as packed, \
            io.TextIOWrapper(packed, encoding='utf-8') as f:
        json.dump({'source': 'FLUXNET2015 (CC-BY-4.0, Pastorello et al. 2020), via /work/shared/data/fluxnet2015; '
                             'NEE_VUT_REF gC m-2 d-1, gap-filled by mean annual cycle, rounded to 1e-4',
                   'sites': sites}, f, separators=(',', ':'))

    gri = next(s for s in sites if s['site'] == 'FR-Gri')
    x = np.array(gri['nee'])
    s, periods, bands, series = dense_ssa_bands(x, WINDOW, RANK)
    ref = {
        'site': 'FR-Gri', 'variable': 'NEE_VUT_REF', 'unit': 'gC m-2 d-1', 'window': WINDOW, 'rank': RANK,
        'method': 'numpy.linalg.svd of the L x K trajectory matrix, numpy ' + np.__version__,
        'input': gri['nee'],
        'singularValues': [float(v) for v in s[:RANK]],
        'periods': [p if np.isfinite(p) else None for p in periods],
        'bands': bands,
        'series': {b: [round(float(v), 9) for v in series[b]] for b in ('seasonal', 'iav', 'trend')},
    }
    with open(os.path.join(FIXTURES, 'ssa-reference-FR-Gri.json'), 'w') as f:
        json.dump(ref, f, separators=(',', ':'))
    print('FR-Gri N =', len(x), 'bands:', bands)


if __name__ == '__main__':
    main()
