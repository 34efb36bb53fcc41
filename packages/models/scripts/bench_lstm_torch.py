"""PyTorch CPU peer of the LSTM benchmarks (bench/lstm.mjs, bench/fused-lstm.mjs): training and
inference throughput (samples/s) of the same sequence-to-one LSTM (input [batch, window, features]
-> LSTM(hidden) -> Linear(1) on the last step), Adam, MSE, gradient clipping by global norm 1, on the
CPU with a fixed number of threads. Each rate is that of the fastest of `reps` timed steps after one
warm-up step (the least disturbed by other load), as on the fluxscale side.

Usage: /usr/bin/python3 scripts/bench_lstm_torch.py --window 365 --features 8 --hidden 64 --batch 64 --threads 2 --reps 4
Prints one JSON object: {"train": samples/s, "infer": samples/s, "torch": version, "threads": n}.
"""
import argparse
import json
import time

import torch


class Lstm(torch.nn.Module):
    def __init__(self, features, hidden):
        super().__init__()
        self.lstm = torch.nn.LSTM(features, hidden, batch_first=True)
        self.out = torch.nn.Linear(hidden, 1)

    def forward(self, x):
        seq, _ = self.lstm(x)
        return self.out(seq[:, -1, :])


def fastest(step, reps):
    step()
    best = float('inf')
    for _ in range(reps):
        start = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - start)
    return best


def main():
    p = argparse.ArgumentParser()
    for name, default in (('window', 365), ('features', 8), ('hidden', 64), ('batch', 64), ('threads', 2), ('reps', 4)):
        p.add_argument(f'--{name}', type=int, default=default)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = Lstm(a.features, a.hidden)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.MSELoss()
    x = torch.randn(a.batch, a.window, a.features)
    y = torch.randn(a.batch, 1)

    def train_step():
        optimiser.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()

    def infer_step():
        with torch.no_grad():
            model(x).numpy()

    train = a.batch / fastest(train_step, a.reps)
    infer = a.batch / fastest(infer_step, a.reps)
    print(json.dumps({'train': train, 'infer': infer, 'torch': torch.__version__, 'threads': torch.get_num_threads()}))


if __name__ == '__main__':
    main()
