#!/usr/bin/python3
"""Python peer of bench/baselines.mjs: builds the benchmark matrix and times scikit-learn on it.

The matrix: window summary features (last day, means over the last 7/30/90/365 days of TA_F,
SW_IN_F, VPD_F, P_F, WS_F; doy_sin, doy_cos, lat, lon once: 29 columns) of every 365-day window of
the four FLUXNET2015 MERGED daily sites in --data (real data; gaps filled with the day-of-year mean
of the site), target NEE_VUT_REF; rows tiled up to --rows when there are fewer. When --data is
absent it uses the committed test fixture (3 drivers, 19 columns) instead.

Writes x.f64 (row-major float64), y.f64 and meta.json to --out, then times, on the same matrix:
Lasso (standardised, alpha 0.01, tol 1e-4), SVR (RBF, C 1, epsilon 0.1, gamma 'scale', on a random
subsample of --svr-cap rows, the same cap fluxscale applies; predict on all rows) and
RandomForestRegressor(n_jobs=2, max_features=1.0, min_samples_leaf=1) with --trees trees (100 by default).
Prints one JSON object of seconds per case.
"""
import argparse
import glob
import json
import math
import os
import time

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestRegressor
from sklearn.linear_model import Lasso
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVR

HERE = os.path.dirname(os.path.abspath(__file__))
DRIVERS = ['TA_F', 'SW_IN_F', 'VPD_F', 'P_F', 'WS_F']
STATIC = ['doy_sin', 'doy_cos', 'lat', 'lon']
WINDOW = 365
SPANS = [7, 30, 90, 365]


def summarise_site(x, y, n_dynamic):
    """Summary rows of every full window of one site; x is [days, features] (dynamic first)."""
    csum = np.vstack([np.zeros((1, x.shape[1])), np.cumsum(x, axis=0)])
    t = np.arange(WINDOW - 1, len(y))
    cols = []
    for j in range(x.shape[1]):
        cols.append(x[t, j])
        if j >= n_dynamic:
            continue
        for span in SPANS:
            cols.append((csum[t + 1, j] - csum[t + 1 - span, j]) / span)
    return np.stack(cols, axis=1), y[t]


def merged_sites(data_dir):
    meta = pd.read_csv(os.path.join(data_dir, 'sites.csv')).set_index('site_id')
    xs, ys = [], []
    for path in sorted(glob.glob(os.path.join(data_dir, 'FLX_*_MERGED_DD_*.csv'))):
        site = os.path.basename(path).split('_')[1]
        d = pd.read_csv(path, na_values=[-9999])
        stamps = pd.to_datetime(d.TIMESTAMP.astype(str), format='%Y%m%d')
        doy = stamps.dt.dayofyear.to_numpy()
        cols = {}
        for c in DRIVERS + ['NEE_VUT_REF']:
            v = d[c].astype(float)
            cols[c] = v.fillna(v.groupby(doy).transform('mean')).fillna(v.mean()).to_numpy()
        angle = 2 * math.pi * (doy - 1) / np.where(stamps.dt.is_leap_year.to_numpy(), 366, 365)
        feats = [cols[c] for c in DRIVERS] + [np.sin(angle), np.cos(angle), np.full(len(d), meta.loc[site, 'lat']), np.full(len(d), meta.loc[site, 'lon'])]
        x, y = summarise_site(np.stack(feats, axis=1).astype(np.float32).astype(np.float64), cols['NEE_VUT_REF'].astype(np.float32), len(DRIVERS))
        xs.append(x)
        ys.append(y)
    return np.vstack(xs), np.concatenate(ys), 'FLUXNET2015 MERGED daily sites (' + str(len(xs)) + ')'


def fixture_sites():
    series = json.load(open(os.path.join(HERE, '..', 'test', 'fixtures', 'baselines', 'series.json')))
    names = series['featureNames']
    n_dynamic = sum(1 for n in names if n not in STATIC)
    xs, ys = [], []
    for site in series['sites']:
        x = np.stack([np.asarray(site['features'][n], dtype=np.float64) for n in names], axis=1)
        x, y = summarise_site(x, np.asarray(site['target'], dtype=np.float32), n_dynamic)
        xs.append(x)
        ys.append(y)
    return np.vstack(xs), np.concatenate(ys), 'committed fixture (DE-Hai, FR-Gri)'


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--data', default=os.path.join(HERE, '..', '..', '..', '..', 'shared', 'data', 'fluxnet2015'))
    parser.add_argument('--out', required=True)
    parser.add_argument('--rows', type=int, default=20000)
    parser.add_argument('--svr-cap', type=int, default=5000)
    parser.add_argument('--trees', type=int, default=100)
    args = parser.parse_args()
    x, y, origin = merged_sites(args.data) if os.path.isdir(args.data) else fixture_sites()
    reps = -(-args.rows // len(y))
    x = np.tile(x, (reps, 1))[: args.rows]
    y = np.tile(y, reps)[: args.rows].astype(np.float64)
    os.makedirs(args.out, exist_ok=True)
    x.astype('<f8').tofile(os.path.join(args.out, 'x.f64'))
    y.astype('<f8').tofile(os.path.join(args.out, 'y.f64'))
    json.dump(dict(rows=x.shape[0], cols=x.shape[1], origin=origin, tiled=reps > 1, svrCap=args.svr_cap), open(os.path.join(args.out, 'meta.json'), 'w'))

    seconds = {}
    seconds['lasso-fit'], _ = timed(lambda: make_pipeline(StandardScaler(), Lasso(alpha=0.01, tol=1e-4, max_iter=10000)).fit(x, y))
    sub = np.sort(np.random.default_rng(0).choice(len(y), size=min(args.svr_cap, len(y)), replace=False))
    seconds['svr-fit'], svr = timed(lambda: make_pipeline(StandardScaler(), SVR(kernel='rbf', C=1.0, epsilon=0.1, gamma='scale', cache_size=200)).fit(x[sub], y[sub]))
    seconds['svr-predict'], _ = timed(lambda: svr.predict(x))
    rf = RandomForestRegressor(n_estimators=args.trees, n_jobs=2, max_features=1.0, min_samples_leaf=1, random_state=0)
    seconds['rf-fit'], _ = timed(lambda: rf.fit(x, y))
    seconds['rf-predict'], _ = timed(lambda: rf.predict(x))
    print(json.dumps(seconds))


if __name__ == '__main__':
    main()
