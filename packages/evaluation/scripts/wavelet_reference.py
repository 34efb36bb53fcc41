#!/usr/bin/python3
"""Reference values for the XWT / WTC tests of @fluxscale/evaluation, from pycwt (the peer).

Series: 1024 days of real daily NEE_VUT_REF (gC m-2 d-1) at FR-Gri (/work/shared/data/fluxnet2015,
CC-BY-4.0) as "observed", and a seeded perturbed copy as "simulated" (a 5-day running mean shifted by
three days, scaled, plus AR(1) noise). pycwt (regeirk/pycwt@f88aec2, under /work/shared/reference/pycwt)
computes, with dt = 1 d, dj = 1/12, s0 = 2 d, J = 96, padding to the next power of two:
  - xwt (normalised): |W12|, phase, significance levels;
  - wct (normalised, pycwt's smoothing): R² and its phase (angle of the unsmoothed W12);
  - ar1 (Allen & Smith) of both series;
  - wct_significance (Monte Carlo, 60 surrogates, J = 60) for a loose statistical comparison.
Values are stored at a few scales and every 2nd day to keep the fixture small.

Run from the package directory:
  PYTHONPATH=/work/shared/reference/pycwt /usr/bin/python3 scripts/wavelet_reference.py
"""
import csv
import json
import os

import numpy as np
import pycwt

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.dirname(HERE)
DATA = os.path.join(PKG, '..', '..', '..', 'shared', 'data', 'fluxnet2015',
                    'FLX_FR-Gri_FLUXNET2015_ZARRDERIVED_DD_2004-2014.csv')
N = 1024
DT, DJ, S0, J = 1.0, 1 / 12, 2.0, 96
SCALE_ROWS = [0, 18, 36, 48, 60, 72, 84, 96]
STRIDE = 2
MC_J, MC_COUNT = 60, 60


def main():
    with open(DATA) as f:
        nee = np.array([float(r['NEE_VUT_REF']) for r in csv.DictReader(f)])[:N]
    assert not np.any(nee == -9999)
    rng = np.random.default_rng(42)
    smooth = np.convolve(nee, np.ones(5) / 5, mode='same')
    noise = np.zeros(N)
    eps = rng.normal(0, 0.7, N)
    for i in range(1, N):
        noise[i] = 0.5 * noise[i - 1] + eps[i]
    sim = 0.9 * np.roll(smooth, 3) + 0.2 + noise
    obs = np.round(nee, 5)
    sim = np.round(sim, 5)

    mother = pycwt.Morlet(6)
    W12, coi, freq, signif = pycwt.xwt(obs, sim, DT, dj=DJ, s0=S0, J=J, wavelet=mother, normalize=True)
    WCT, aWCT, _, _, _ = pycwt.wct(obs, sim, DT, dj=DJ, s0=S0, J=J, sig=False, wavelet=mother, normalize=True)
    a1, _, _ = pycwt.ar1(obs)
    a2, _, _ = pycwt.ar1(sim)
    np.random.seed(7)
    mc = pycwt.wct_significance(a1, a2, dt=DT, dj=DJ, s0=S0, J=MC_J, significance_level=0.95, wavelet=mother,
                                mc_count=MC_COUNT, progress=False, cache=False)

    def rows(m):
        return [[round(float(v), 9) for v in m[j, ::STRIDE]] for j in SCALE_ROWS]

    out = {
        'source': 'FR-Gri NEE_VUT_REF 2004-01-01 + 1023 days (FLUXNET2015, CC-BY-4.0) vs a seeded perturbed copy; '
                  'pycwt regeirk/pycwt@f88aec25b255cf9739d469e1b29b50bf3f954d5c; made by scripts/wavelet_reference.py',
        'dt': DT, 'dj': DJ, 's0': S0, 'J': J, 'scaleRows': SCALE_ROWS, 'stride': STRIDE,
        'observed': [float(v) for v in obs], 'simulated': [float(v) for v in sim],
        'periods': [float(1 / f) for f in freq],
        'xwtPower': rows(np.abs(W12)), 'xwtPhase': rows(np.angle(W12)), 'xwtSignif': [float(v) for v in signif],
        'wctRsq': rows(WCT), 'ar1': [float(a1), float(a2)],
        'mc': {'J': MC_J, 'count': MC_COUNT, 'level': [None if not np.isfinite(v) or v == 0 else float(v) for v in mc]},
    }
    path = os.path.join(PKG, 'test', 'fixtures', 'wavelets', 'pycwt_reference.json')
    with open(path, 'w') as f:
        json.dump(out, f, separators=(',', ':'))
    print('wrote', path, os.path.getsize(path), 'bytes')


if __name__ == '__main__':
    main()
