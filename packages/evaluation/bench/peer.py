#!/usr/bin/python3
"""Times pycwt (the Python peer) on the cases of bench/run.mjs and prints {case: milliseconds} as JSON.

Usage: PYTHONPATH=<pycwt dir> /usr/bin/python3 bench/peer.py <csv> <repeats> [--days N] [--J J] [--mc-J J] [--mc-count N]
(--days: the first N days only). The series and parameters must stay identical to run.mjs.
"""
import argparse
import csv
import json
import time

import numpy as np
import pycwt

DT, DJ, S0 = 1.0, 1 / 12, 2.0


def load(path, days):
    with open(path) as f:
        nee = np.array([float(r['NEE_VUT_REF']) for r in csv.DictReader(f)])[:days]
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
    parser = argparse.ArgumentParser()
    parser.add_argument('csv')
    parser.add_argument('repeats', type=int)
    parser.add_argument('--days', type=int)
    parser.add_argument('--J', type=int, default=131)
    parser.add_argument('--mc-J', type=int, default=96)
    parser.add_argument('--mc-count', type=int, default=10)
    args = parser.parse_args()
    J, MC_J, MC_COUNT, repeats = args.J, args.mc_J, args.mc_count, args.repeats
    obs, sim = load(args.csv, args.days)
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
