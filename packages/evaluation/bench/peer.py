#!/usr/bin/python3
"""Times pycwt (the Python peer) on the cases of bench/run.mjs and prints {case: milliseconds} as JSON.

Usage: PYTHONPATH=<pycwt dir> /usr/bin/python3 bench/peer.py <csv> <repeats>
The series and parameters must stay identical to run.mjs.
"""
import csv
import json
import sys
import time

import numpy as np
import pycwt

DT, DJ, S0, J = 1.0, 1 / 12, 2.0, 131
MC_J, MC_COUNT = 96, 10


def load(path):
    with open(path) as f:
        nee = np.array([float(r['NEE_VUT_REF']) for r in csv.DictReader(f)])
    if np.any(nee == -9999):
        raise SystemExit('NEE has gaps: ' + path)
    sim = 0.9 * np.roll(nee, 3) + 0.2
    return nee, sim


def best_ms(fn, repeats):
    fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return float(np.median(times))


def main():
    path, repeats = sys.argv[1], int(sys.argv[2])
    obs, sim = load(path)
    mother = pycwt.Morlet(6)
    anomaly = obs - obs.mean()
    a1, _, _ = pycwt.ar1(obs)
    a2, _, _ = pycwt.ar1(sim)
    out = {
        'cwt': best_ms(lambda: pycwt.cwt(anomaly, DT, dj=DJ, s0=S0, J=J, wavelet=mother), repeats),
        'xwt': best_ms(lambda: pycwt.xwt(obs, sim, DT, dj=DJ, s0=S0, J=J, wavelet=mother), repeats),
        'wtc': best_ms(lambda: pycwt.wct(obs, sim, DT, dj=DJ, s0=S0, J=J, sig=False, wavelet=mother), repeats),
        'mc': best_ms(lambda: pycwt.wct_significance(a1, a2, dt=DT, dj=DJ, s0=S0, J=MC_J, wavelet=mother,
                                                     mc_count=MC_COUNT, progress=False, cache=False), 1),
    }
    print(json.dumps(out))


if __name__ == '__main__':
    main()
