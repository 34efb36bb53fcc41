#!/usr/bin/python3
"""Reference values for the metrics tests of @fluxscale/evaluation.

Reads 300 days of real daily NEE_VUT_REF (gC m-2 d-1) for two FLUXNET2015 sites, makes a perturbed,
seeded "simulated" copy (gain, offset, AR noise, a few NaN), and writes the data together with
scipy/numpy answers (paired t-tests, percentiles, metrics, chi-square and t quantiles) to
test/fixtures/metrics/metrics_reference.json.

Run from the package directory:  /usr/bin/python3 scripts/metrics_reference.py
"""
import csv
import json
import os

import numpy as np
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.dirname(HERE)
SHARED = os.path.join(PKG, '..', '..', '..', 'shared', 'data', 'fluxnet2015')
SITES = [('FR-Gri', 'FLX_FR-Gri_FLUXNET2015_ZARRDERIVED_DD_2004-2014.csv'),
         ('DE-Hai', 'FLX_DE-Hai_FLUXNET2015_ZARRDERIVED_DD_2000-2012.csv')]
DAYS = 300
START = 365  # skip the first year


def read_nee(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    nee = np.array([float(r['NEE_VUT_REF']) for r in rows])
    nee[nee == -9999] = np.nan
    return nee[START:START + DAYS]


def metrics(o, s):
    keep = ~(np.isnan(o) | np.isnan(s))
    o, s = o[keep], s[keep]
    r = np.corrcoef(o, s)[0, 1]
    sd_s, sd_o = s.std(), o.std()
    return {
        'rmse': float(np.sqrt(np.mean((s - o) ** 2))),
        'mae': float(np.mean(np.abs(s - o))),
        'r2': float(r ** 2),
        'pearson': float(r),
        'lcs': float(2 * sd_s * sd_o * (1 - r)),
        'sb': float((s.mean() - o.mean()) ** 2),
        'sdsd': float((sd_s - sd_o) ** 2),
        'bias': float(s.mean() - o.mean()),
        'nse': float(1 - np.sum((s - o) ** 2) / np.sum((o - o.mean()) ** 2)),
        'n': int(keep.sum()),
        'masked': int((~keep).sum()),
    }


def main():
    rng = np.random.default_rng(20251125)
    observed, simulated, sites = [], [], []
    for site, name in SITES:
        o = read_nee(os.path.join(SHARED, name))
        noise = np.zeros(DAYS)
        eps = rng.normal(0, 0.8, DAYS)
        for i in range(1, DAYS):
            noise[i] = 0.6 * noise[i - 1] + eps[i]
        s = 0.85 * o + 0.3 + noise
        s[rng.choice(DAYS, 7, replace=False)] = np.nan
        observed.append(np.round(o, 5))
        simulated.append(np.round(s, 5))
        sites += [site] * DAYS
    obs = np.concatenate(observed)
    sim = np.concatenate(simulated)

    keep = ~(np.isnan(obs) | np.isnan(sim))
    abs_err = np.abs(sim - obs)
    # t-tests: obs vs sim per site and pooled (scipy ttest_rel, NaN pairs omitted), plus a pair of
    # per-site score vectors (R² of 20 blocks, two "models") whose difference is small.
    ttests = []
    for label, a, b in [('pooled obs vs sim', obs, sim),
                        ('FR-Gri obs vs sim', observed[0], simulated[0]),
                        ('DE-Hai obs vs sim', observed[1], simulated[1]),
                        ('abs error vs shifted abs error', abs_err, abs_err + rng.normal(0.02, 0.5, abs_err.size))]:
        a = np.round(a, 6)
        b = np.round(b, 6)
        k = ~(np.isnan(a) | np.isnan(b))
        res = stats.ttest_rel(a[k], b[k])
        ttests.append({'label': label, 'a': nan_to_none(a), 'b': nan_to_none(b), 't': float(res.statistic),
                       'p': float(res.pvalue), 'df': int(k.sum() - 1), 'meanDiff': float(np.mean(a[k] - b[k]))})

    percentile_cases = []
    for label, values in [('observed NEE', obs[keep]), ('abs error', abs_err[keep]), ('first 7 obs', obs[:7]),
                          ('first 2 obs', obs[:2])]:
        percentile_cases.append({'label': label, 'values': [float(v) for v in values],
                                 'q': [0, 10, 25, 50, 75, 90, 100],
                                 'expected': [float(v) for v in np.percentile(values, [0, 10, 25, 50, 75, 90, 100])],
                                 'mean': float(np.mean(values))})

    dist = {
        'chi2ppf': [{'p': p, 'dof': d, 'x': float(stats.chi2.ppf(p, d))}
                    for p in (0.5, 0.9, 0.95, 0.99) for d in (1, 2, 2.5, 6.441, 10, 57.3, 500)],
        'tcdf': [{'t': t, 'df': d, 'cdf': float(stats.t.cdf(t, d))}
                 for t in (-4.0, -1.3, 0.0, 0.7, 2.1, 6.0) for d in (1, 3, 29, 599)],
    }

    per_site = {site: metrics(o, s) for (site, _), o, s in zip(SITES, observed, simulated)}
    out = {
        'source': 'NEE_VUT_REF days %d-%d of FR-Gri and DE-Hai (/work/shared/data/fluxnet2015, CC-BY-4.0); '
                  'simulated = 0.85*obs + 0.3 + AR(1) noise, seeded; made by scripts/metrics_reference.py' % (
                      START, START + DAYS - 1),
        'observed': nan_to_none(obs), 'simulated': nan_to_none(sim), 'sites': sites,
        'pooled': metrics(obs, sim), 'perSite': per_site,
        'ttests': ttests, 'percentiles': percentile_cases, 'distributions': dist,
    }
    path = os.path.join(PKG, 'test', 'fixtures', 'metrics', 'metrics_reference.json')
    with open(path, 'w') as f:
        json.dump(out, f, separators=(',', ':'))
    print('wrote', path, os.path.getsize(path), 'bytes')


def nan_to_none(a):
    return [None if np.isnan(v) else float(v) for v in a]


if __name__ == '__main__':
    main()
