#!/usr/bin/python3
"""Reference values for the Wilcoxon, bootstrap and normal-tail tests of @fluxscale/evaluation.

Data: real daily NEE_VUT_REF (gC m-2 d-1) of the twelve FLUXNET2015 sites in shared/data/fluxnet2015:
  * site-year annual means (one value per site and year, 2007-2012) and their site labels;
  * per-site changes of the annual mean, 2009 - 2008 (one value per site, n = 12);
  * daily differences FR-Gri - DE-Hai from 2008-01-01, and day-to-day changes of FR-Gri NEE from
    2008-01-01, raw (no ties) or rounded to make ties and zeros.

Answers, from scipy (version recorded in the output):
  * scipy.stats.wilcoxon(d, nan_policy='omit') with its defaults (zero_method='wilcox',
    correction=False, method='auto'), and the same with method='approx' and, where scipy allows it
    (no zeros), method='exact';
  * 2 * scipy.stats.norm.sf(z);
  * scipy.stats.bootstrap((x,), np.mean, method='percentile') on the per-site changes (statistical
    cross-check: a different generator, so only agreement within Monte Carlo error is expected);
  * per-site means of the site-year values (numpy).

Writes test/fixtures/metrics/stats_reference.json. Run from the package directory:
  /usr/bin/python3 scripts/stats_reference.py
"""
import csv
import json
import os
import warnings

import numpy as np
import scipy
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.dirname(HERE)
SHARED = os.path.join(PKG, '..', '..', '..', 'shared', 'data', 'fluxnet2015')
OUT = os.path.join(PKG, 'test', 'fixtures', 'metrics', 'stats_reference.json')
YEARS = range(2007, 2013)
EXACT_MAX_N = 50


def read_daily(site_file):
    """{YYYYMMDD: NEE} with NaN for the -9999 gaps."""
    with open(os.path.join(SHARED, site_file)) as f:
        rows = list(csv.DictReader(f))
    return {r['TIMESTAMP']: (np.nan if float(r['NEE_VUT_REF']) == -9999 else float(r['NEE_VUT_REF'])) for r in rows}


def annual_mean(daily, year):
    values = np.array([v for t, v in daily.items() if t.startswith(str(year))])
    return float(np.nanmean(values)) if values.size and not np.all(np.isnan(values)) else np.nan


def our_method(d):
    """The rule of wilcoxonSignedRank: exact for n <= 50 non-zero differences without zeros or ties."""
    d = d[~np.isnan(d)]
    nonzero = d[d != 0]
    has_ties = np.unique(np.abs(nonzero)).size < nonzero.size
    return 'exact' if (nonzero.size == d.size and not has_ties and nonzero.size <= EXACT_MAX_N) else 'approx'


def wilcoxon_case(label, d):
    d = np.asarray(d, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        auto = stats.wilcoxon(d, nan_policy='omit')
        approx = stats.wilcoxon(d, nan_policy='omit', method='approx')
        finite = d[~np.isnan(d)]
        exact = stats.wilcoxon(finite, method='exact') if np.all(finite != 0) else None
    method = our_method(d)
    expected = exact if method == 'exact' else approx
    return {
        'label': label,
        'differences': [None if np.isnan(v) else float(v) for v in d],
        'method': method,
        'statistic': float(expected.statistic),
        'p': float(expected.pvalue),
        'z': float(approx.zstatistic),
        'scipyAuto': {'statistic': float(auto.statistic), 'p': float(auto.pvalue)},
        'autoAgrees': bool(auto.pvalue == expected.pvalue and auto.statistic == expected.statistic),
    }


def main():
    with open(os.path.join(SHARED, 'sites.csv')) as f:
        sites = list(csv.DictReader(f))
    daily = {s['site_id']: read_daily(s['file']) for s in sites}

    site_years, year_sites = [], []
    for s in sites:
        for year in YEARS:
            m = annual_mean(daily[s['site_id']], year)
            if not np.isnan(m):
                site_years.append(m)
                year_sites.append(s['site_id'])
    site_order = list(dict.fromkeys(year_sites))
    arr, labels = np.array(site_years), np.array(year_sites)
    cluster_means = [float(arr[labels == s].mean()) for s in site_order]
    cluster_counts = [int((labels == s).sum()) for s in site_order]

    change = np.array([annual_mean(daily[s['site_id']], 2009) - annual_mean(daily[s['site_id']], 2008) for s in sites])

    days = sorted(t for t in daily['FR-Gri'] if t >= '20080101' and t in daily['DE-Hai'])
    between_sites = np.array([daily['FR-Gri'][t] - daily['DE-Hai'][t] for t in days])
    between_sites = between_sites[~np.isnan(between_sites)]
    fr_gri = np.array([daily['FR-Gri'][t] for t in days])
    day_to_day = np.diff(fr_gri)
    finite = day_to_day[~np.isnan(day_to_day)]

    def first(n, values=finite):
        return values[:n]

    ties_no_zeros = np.round(finite * 2) / 2
    ties_no_zeros = ties_no_zeros[ties_no_zeros != 0][:30]
    with_nan = first(30).copy()
    with_nan[[3, 17]] = np.nan

    cases = [
        wilcoxon_case('per-site change of annual mean NEE, 2009 - 2008 (12 sites)', change),
        wilcoxon_case('FR-Gri - DE-Hai daily NEE, 20 days', between_sites[:20]),
        wilcoxon_case('FR-Gri - DE-Hai daily NEE, 120 days', between_sites[:120]),
        wilcoxon_case('FR-Gri day-to-day NEE change, 20 days', first(20)),
        wilcoxon_case('FR-Gri day-to-day NEE change, 50 days (largest exact n)', first(50)),
        wilcoxon_case('FR-Gri day-to-day NEE change, 51 days (normal approximation)', first(51)),
        wilcoxon_case('FR-Gri day-to-day NEE change, 300 days', first(300)),
        wilcoxon_case('rounded to 0.5: ties, no zeros, 30 days', ties_no_zeros),
        wilcoxon_case('rounded to 0.5: ties and zeros, 40 days', np.round(first(40) * 2) / 2),
        wilcoxon_case('rounded to 0.2: ties and zeros, 400 days', np.round(first(400) * 5) / 5),
        wilcoxon_case('absolute differences: all positive, 10 days', np.abs(first(10))),
        wilcoxon_case('two NaN days masked, 30 days', with_nan),
        wilcoxon_case('one difference', first(1)),
        wilcoxon_case('rank sum at the centre of the null distribution', np.array([1.0, -2.0, -3.0, 4.0])),
    ]

    boot = stats.bootstrap((change,), np.mean, n_resamples=100000, method='percentile', confidence_level=0.95,
                           random_state=np.random.default_rng(20251126))
    normal = [{'z': z, 'p': float(2 * stats.norm.sf(abs(z)))} for z in [0.0, 0.3, -1.0, 1.959963984540054, 3.0, -5.0, 8.0, 12.0, 20.0, 37.0]]

    out = {
        'scipy': scipy.__version__,
        'numpy': np.__version__,
        'clusters': {'values': site_years, 'labels': year_sites, 'order': site_order, 'means': cluster_means,
                     'counts': cluster_counts},
        'bootstrap': {'label': 'per-site change of annual mean NEE, 2009 - 2008 (gC m-2 d-1)', 'values': change.tolist(),
                      'mean': float(change.mean()), 'resamples': 100000, 'level': 0.95,
                      'lo': float(boot.confidence_interval.low), 'hi': float(boot.confidence_interval.high),
                      'standardError': float(boot.standard_error)},
        'wilcoxon': cases,
        'normalTwoSided': normal,
    }
    tmp = OUT + '.tmp'
    with open(tmp, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    os.replace(tmp, OUT)
    for c in cases:
        nonzero = sum(1 for v in c['differences'] if v is not None and v != 0)
        print(f"{c['label']}: n={len(c['differences'])} used={nonzero} method={c['method']} T={c['statistic']} p={c['p']:.6g} "
              f"auto p={c['scipyAuto']['p']:.6g} agrees={c['autoAgrees']}")
    print('bootstrap', out['bootstrap']['mean'], out['bootstrap']['lo'], out['bootstrap']['hi'], out['bootstrap']['standardError'])


if __name__ == '__main__':
    main()
