#!/usr/bin/python3
"""Peer for bench/run.mjs: dense SSA in numpy/LAPACK on the same series.

Reads JSON {"window", "rank", "repeats", "series": {case: [values]}} on stdin; for each case times
numpy.linalg.svd of the L x K trajectory matrix plus diagonal averaging of the `rank` leading
components (np.convolve(u, v) / counts) and their grouping into bands by periodogram peak; writes
JSON {case: {"ms": best wall time, "singularValues": [...]}} on stdout.
"""
import json
import sys
import time

import numpy as np


def band_sums(x, window, rank):
    n = len(x)
    k = n - window + 1
    traj = np.lib.stride_tricks.sliding_window_view(x, window).T
    u, s, vt = np.linalg.svd(traj, full_matrices=False)
    counts = np.convolve(np.ones(window), np.ones(k))
    grid = 1 << int(np.ceil(np.log2(4 * n)))
    iav = np.zeros(n)
    trend = np.zeros(n)
    for i in range(rank):
        comp = s[i] * np.convolve(u[:, i], vt[i]) / counts
        peak = int(np.argmax(np.abs(np.fft.rfft(comp, grid)) ** 2))
        period = np.inf if peak == 0 else grid / peak
        if period > 3896:
            trend += comp
        elif period >= 487:
            iav += comp
    return s[:rank], x - iav - trend


def main():
    job = json.load(sys.stdin)
    out = {}
    for case, values in job['series'].items():
        x = np.asarray(values, dtype=float)
        best = float('inf')
        for _ in range(job['repeats']):
            t0 = time.perf_counter()
            s, _ = band_sums(x, job['window'], job['rank'])
            best = min(best, (time.perf_counter() - t0) * 1e3)
        out[case] = {'ms': best, 'singularValues': [float(v) for v in s]}
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
