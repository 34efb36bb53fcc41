#!/usr/bin/python3
"""Reference ε-SVR dual solutions from scikit-learn for the SMO solver's tests (run once, output committed).

Takes every 15th day of the committed DE-Hai series (test/fixtures/baselines/series.json: daily TA_F,
SW_IN_F, VPD_F, doy_sin, doy_cos, standardised with the population standard deviation; target
NEE_VUT_REF), fits scikit-learn's SVR (RBF) for two parameter sets with a tight tolerance (1e-10),
and writes the matrix, the targets and each solution's full dual vector β (α − α*, zero for
non-support vectors) and ρ (= −intercept) to test/fixtures/baselines/svr-dual.json.

Usage: /usr/bin/python3 scripts/svr_dual_baseline_reference.py
"""
import json
import os

import numpy as np
import sklearn
from sklearn.svm import SVR

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', 'test', 'fixtures', 'baselines')
FEATURES = ['TA_F', 'SW_IN_F', 'VPD_F', 'doy_sin', 'doy_cos']
STEP = 15
CASES = [dict(C=1.0, epsilon=0.1, gamma=0.2), dict(C=20.0, epsilon=0.5, gamma=0.5)]
TOL = 1e-10


def main():
    series = json.load(open(os.path.join(FIXTURES, 'series.json')))
    site = next(s for s in series['sites'] if s['id'] == 'DE-Hai')
    x = np.stack([np.asarray(site['features'][f], dtype=np.float64) for f in FEATURES], axis=1)[::STEP]
    y = np.asarray(site['target'], dtype=np.float64)[::STEP]
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    solutions = []
    for params in CASES:
        model = SVR(kernel='rbf', tol=TOL, **params).fit(x, y)
        beta = np.zeros(len(y))
        beta[model.support_] = model.dual_coef_[0]
        solutions.append(dict(params=params, beta=beta.tolist(), rho=float(-model.intercept_[0]), supportVectors=int(len(model.support_))))
    out = dict(
        source='DE-Hai 2005-2007 (FLUXNET2015, CC-BY-4.0), every %dth day of series.json' % STEP,
        sklearn=sklearn.__version__,
        tolerance=TOL,
        features=FEATURES,
        rows=int(x.shape[0]),
        cols=int(x.shape[1]),
        x=x.ravel().tolist(),
        y=y.tolist(),
        solutions=solutions,
    )
    with open(os.path.join(FIXTURES, 'svr-dual.json'), 'w') as fh:
        json.dump(out, fh, indent=1)
    print(json.dumps(dict(rows=out['rows'], supportVectors=[s['supportVectors'] for s in solutions], rho=[s['rho'] for s in solutions])))


if __name__ == '__main__':
    main()
