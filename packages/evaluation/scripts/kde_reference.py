"""Fixtures for @fluxscale/evaluation's explain tests (run once with /usr/bin/python3; outputs are committed).

1. test/fixtures/explain/fr-gri-daily.json: two years (2005-2006) of FR-Gri daily TA_F, SW_IN_F, VPD_F and
   NEE_VUT_REF from the shared FLUXNET2015 folder (CC-BY-4.0), so the LSTM completeness test runs without
   ../shared. Gaps (-9999) are filled by linear interpolation (there are none in these years at the time of writing).
2. test/fixtures/explain/kde_reference.json: scipy.stats.gaussian_kde (Scott's bandwidth) densities on a grid and
   the mask "density below its 10th percentile over the grid cells" (numpy's linear percentile), for
   (a) FR-Gri daily (TA_F, SW_IN_F) pairs and (b) a small hand-made sample with correlated axes.
"""
import csv
import json
import os

import numpy as np
import scipy
from scipy.stats import gaussian_kde

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
SOURCE = os.path.join(REPO, '..', 'shared', 'data', 'fluxnet2015', 'FLX_FR-Gri_FLUXNET2015_ZARRDERIVED_DD_2004-2014.csv')
OUT = os.path.join(HERE, '..', 'test', 'fixtures', 'explain')
COLUMNS = ['TA_F', 'SW_IN_F', 'VPD_F', 'NEE_VUT_REF']


def read_fr_gri():
    rows = []
    with open(SOURCE, newline='') as f:
        for row in csv.DictReader(f):
            if row['TIMESTAMP'][:4] in ('2005', '2006'):
                rows.append(row)
    data = {'TIMESTAMP': [int(r['TIMESTAMP']) for r in rows]}
    for c in COLUMNS:
        v = np.array([float(r[c]) for r in rows])
        bad = v == -9999
        if bad.any():
            idx = np.arange(v.size)
            v[bad] = np.interp(idx[bad], idx[~bad], v[~bad])
        data[c] = [round(float(x), 5) for x in v]
    return data


def kde_case(name, xs, ys, gx, gy):
    kde = gaussian_kde(np.vstack([xs, ys]))
    mx, my = np.meshgrid(gx, gy)  # [ny, nx]
    dens = kde(np.vstack([mx.ravel(), my.ravel()]))
    threshold = np.percentile(dens, 10)
    return {
        'name': name,
        'x': [float(v) for v in xs],
        'y': [float(v) for v in ys],
        'gridX': [float(v) for v in gx],
        'gridY': [float(v) for v in gy],
        'factor': float(kde.factor),
        'covariance': [float(kde.covariance[0, 0]), float(kde.covariance[0, 1]), float(kde.covariance[1, 1])],
        'density': [float(v) for v in dens],
        'threshold': float(threshold),
        'mask': [int(v) for v in (dens < threshold)],
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    daily = read_fr_gri()
    daily_doc = {
        'source': 'FLX_FR-Gri_FLUXNET2015_ZARRDERIVED_DD_2004-2014.csv (years 2005-2006), shared FLUXNET2015 folder; '
                  'derived from EXCITED-CO2/zarr-fluxnet2015:fluxnet.zarr@d8ab6f5123bf714a70f698bdcca7553dd080ca69; '
                  'FLUXNET2015 data, CC-BY-4.0',
        'site': 'FR-Gri', 'lat': 48.8442, 'lon': 1.9519,
        'units': {'TA_F': 'deg C', 'SW_IN_F': 'W m-2', 'VPD_F': 'hPa', 'NEE_VUT_REF': 'gC m-2 d-1'},
        **daily,
    }
    with open(os.path.join(OUT, 'fr-gri-daily.json'), 'w') as f:
        json.dump(daily_doc, f, separators=(',', ':'))

    ta = np.array(daily['TA_F'])[::2][:300]
    sw = np.array(daily['SW_IN_F'])[::2][:300]
    real = kde_case('FR-Gri TA_F x SW_IN_F', ta, sw, np.linspace(-10, 30, 13), np.linspace(0, 350, 11))
    small_x = np.array([0.0, 1.0, 2.0, 2.5, 4.0, 5.5, 7.0])
    small_y = np.array([1.0, 1.8, 2.2, 3.9, 4.1, 6.0, 6.4])
    small = kde_case('small correlated', small_x, small_y, np.linspace(-2, 9, 8), np.linspace(-1, 8, 6))
    doc = {'generator': f'scripts/kde_reference.py, scipy {scipy.__version__}, numpy {np.__version__}', 'cases': [real, small]}
    with open(os.path.join(OUT, 'kde_reference.json'), 'w') as f:
        json.dump(doc, f, indent=1)


if __name__ == '__main__':
    main()
