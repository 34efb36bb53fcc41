#!/usr/bin/python3
"""Reference fixtures for the @fluxscale/models baselines (run once, outputs are committed).

1. Extracts three complete years (2005-2007) of two real FLUXNET2015 sites (DE-Hai DBF, FR-Gri CRO)
   from /work/shared/data/fluxnet2015 into test/fixtures/baselines/series.json: daily TA_F, SW_IN_F,
   VPD_F, the calendar features doy_sin, doy_cos, lat, lon, and the target NEE_VUT_REF (float32-exact).
2. Builds the window summary features of every 365-day window independently of the TypeScript code
   (last day, means over the last 7/30/90/365 days; calendar features last day only) and fits
   scikit-learn's Lasso (several alphas, all samples, standardised features), SVR and
   RandomForestRegressor (first 80 % of each site's samples train, last 20 % test) into
   test/fixtures/baselines/reference.json.

Usage: /usr/bin/python3 scripts/baselines_reference.py [--data /work/shared/data/fluxnet2015]
"""
import argparse
import json
import math
import os

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestRegressor
from sklearn.linear_model import Lasso
from sklearn.metrics import r2_score
from sklearn.svm import SVR

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', 'test', 'fixtures', 'baselines')
SITES = [
    ('DE-Hai', 'DBF', 51.0792, 10.453, 'FLX_DE-Hai_FLUXNET2015_ZARRDERIVED_DD_2000-2012.csv'),
    ('FR-Gri', 'CRO', 48.8442, 1.9519, 'FLX_FR-Gri_FLUXNET2015_ZARRDERIVED_DD_2004-2014.csv'),
]
YEARS = (2005, 2007)
DRIVERS = ['TA_F', 'SW_IN_F', 'VPD_F']
STATIC = ['doy_sin', 'doy_cos', 'lat', 'lon']
FEATURES = DRIVERS + STATIC
WINDOW = 365
SPANS = [7, 30, 90, 365]
TRAIN_FRACTION = 0.8
LASSO_ALPHAS = [0.001, 0.01, 0.05, 0.2]
SVR_PARAMS = dict(C=1.0, epsilon=0.1, gamma=0.05)
RF_PARAMS = dict(n_estimators=100, max_features=1.0, min_samples_leaf=1, max_depth=None)


def f32(values):
    return [float(v) for v in np.asarray(values, dtype=np.float32)]


def extract(data_dir):
    sites = []
    for site_id, igbp, lat, lon, name in SITES:
        d = pd.read_csv(os.path.join(data_dir, name), na_values=[-9999])
        d = d[(d.TIMESTAMP // 10000 >= YEARS[0]) & (d.TIMESTAMP // 10000 <= YEARS[1])]
        stamps = pd.to_datetime(d.TIMESTAMP.astype(str), format='%Y%m%d')
        doy = stamps.dt.dayofyear.to_numpy()
        year_len = np.where(stamps.dt.is_leap_year.to_numpy(), 366, 365)
        angle = 2 * math.pi * (doy - 1) / year_len
        cols = {c: f32(d[c].to_numpy()) for c in DRIVERS}
        cols['doy_sin'] = f32(np.sin(angle))
        cols['doy_cos'] = f32(np.cos(angle))
        cols['lat'] = f32(np.full(len(d), lat))
        cols['lon'] = f32(np.full(len(d), lon))
        assert not any(np.isnan(v).any() for v in cols.values()), f'{site_id}: missing values'
        first_day = int((stamps.iloc[0] - pd.Timestamp('1970-01-01')).days)
        sites.append(dict(id=site_id, igbp=igbp, firstDay=first_day, features=cols, target=f32(d.NEE_VUT_REF.to_numpy())))
    return dict(
        source='FLUXNET2015 (CC-BY-4.0) via /work/shared/data/fluxnet2015, see its SOURCES.md',
        years=list(YEARS),
        featureNames=FEATURES,
        target='NEE_VUT_REF',
        sites=sites,
    )


def summarise(series):
    """Rows of summary features and targets for every full 365-day window, site by site."""
    rows, targets, site_of = [], [], []
    for s, site in enumerate(series['sites']):
        x = np.stack([np.asarray(site['features'][f], dtype=np.float32) for f in FEATURES], axis=1).astype(np.float64)
        y = np.asarray(site['target'], dtype=np.float32)
        for t in range(WINDOW - 1, len(y)):
            w = x[t - WINDOW + 1 : t + 1]
            row = []
            for j, name in enumerate(FEATURES):
                row.append(w[-1, j])
                if name in STATIC:
                    continue
                for span in sorted(set(min(k, WINDOW) for k in SPANS)):
                    row.append(w[-span:, j].mean())
            rows.append(row)
            targets.append(float(y[t]))
            site_of.append(s)
    names = []
    for name in FEATURES:
        if name in STATIC:
            names.append(name)
        else:
            names.append(f'{name}:last')
            names += [f'{name}:mean{k}' for k in sorted(set(min(k, WINDOW) for k in SPANS))]
    return np.array(rows), np.array(targets), np.array(site_of), names


def chronological_split(site_of):
    train, test = [], []
    for s in np.unique(site_of):
        idx = np.flatnonzero(site_of == s)
        cut = int(math.floor(len(idx) * TRAIN_FRACTION))
        train += list(idx[:cut])
        test += list(idx[cut:])
    return np.array(train), np.array(test)


def standardise(x, fit_rows):
    mean = x[fit_rows].mean(axis=0)
    std = x[fit_rows].std(axis=0)
    std[std == 0] = 1.0
    return (x - mean) / std


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--data', default='/work/shared/data/fluxnet2015')
    args = parser.parse_args()
    series = extract(args.data)
    os.makedirs(FIXTURES, exist_ok=True)
    with open(os.path.join(FIXTURES, 'series.json'), 'w') as fh:
        json.dump(series, fh, separators=(',', ':'))

    x, y, site_of, names = summarise(series)
    xs_all = standardise(x, np.arange(len(y)))
    lasso = []
    for alpha in LASSO_ALPHAS:
        m = Lasso(alpha=alpha, tol=1e-12, max_iter=1_000_000).fit(xs_all, y)
        lasso.append(dict(alpha=alpha, coef=m.coef_.tolist(), intercept=float(m.intercept_)))

    train, test = chronological_split(site_of)
    xs = standardise(x, train)
    svr = SVR(kernel='rbf', **SVR_PARAMS).fit(xs[train], y[train])
    svr_r2 = r2_score(y[test], svr.predict(xs[test]))
    rf = RandomForestRegressor(random_state=0, n_jobs=2, **RF_PARAMS).fit(x[train], y[train])
    rf_r2 = r2_score(y[test], rf.predict(x[test]))

    reference = dict(
        window=WINDOW,
        names=names,
        samples=len(y),
        rows={str(i): x[i].tolist() for i in [0, 1, 500, len(y) - 1]},
        lasso=lasso,
        trainFraction=TRAIN_FRACTION,
        svr=dict(params=SVR_PARAMS, r2=svr_r2),
        rf=dict(params={k: v for k, v in RF_PARAMS.items() if v is not None}, r2=rf_r2),
    )
    with open(os.path.join(FIXTURES, 'reference.json'), 'w') as fh:
        json.dump(reference, fh, indent=1)
    print(json.dumps(dict(samples=len(y), features=len(names), svr_r2=svr_r2, rf_r2=rf_r2)))


if __name__ == '__main__':
    main()
