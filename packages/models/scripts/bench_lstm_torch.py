"""PyTorch CPU peer of the LSTM benchmarks (bench/lstm.mjs, bench/fused-lstm.mjs, bench/sequence.mjs):
training and inference throughput (samples/s) of the same sequence-to-one LSTM (input [batch, window,
features] -> LSTM(hidden) -> Linear(1) on the last step), Adam, MSE, gradient clipping by global norm 1,
on the CPU with a fixed number of threads. With --target-days N >= 1 the items are chunks instead
(input [batch, window + N - 1, features] -> LSTM(hidden) -> Linear(1) at every step, MSE over the
last N steps), the sequence formulation of LstmRegressor; rates are then chunks/s. With --stateful as well,
the stateful formulation: items are chunks of N steps, the LSTM starting from the states the previous step
ended with (detached), Linear(1) and the MSE at every step; rates are chunks/s. Inference runs the model in eval mode under torch.inference_mode
(no autograd graph), on the same batch size. Each kind of step is warmed up, then timed `reps` times;
the seconds of every timed step are printed so that the caller can pool several runs (bench/torch-peer.mjs
interleaves them with the fluxscale side's steps), with the rates of the fastest and of the median step.

Usage: /usr/bin/python3 scripts/bench_lstm_torch.py --window 365 --features 8 --hidden 64 --batch 64 --threads 2 --reps 10 [--target-days 0] [--stateful 0]
Prints one JSON object: {"train": samples/s, "infer": samples/s, "trainMedian": samples/s,
"inferMedian": samples/s, "trainSeconds": [s, ...], "inferSeconds": [s, ...], "torch": version,
"threads": n}.
"""
import argparse
import json
import statistics
import time

import torch

WARMUP = 3


class Lstm(torch.nn.Module):
    """Outputs [batch, targets]: Linear(1) on the last `targets` steps' hidden states."""

    def __init__(self, features, hidden, targets):
        super().__init__()
        self.lstm = torch.nn.LSTM(features, hidden, batch_first=True)
        self.out = torch.nn.Linear(hidden, 1)
        self.targets = targets

    def forward(self, x, state=None):
        seq, final = self.lstm(x, state)
        self.final = tuple(s.detach() for s in final)
        return self.out(seq[:, -self.targets:, :]).squeeze(-1)


def step_seconds(step, reps):
    """Seconds of each of `reps` timed calls of step, after WARMUP untimed ones."""
    for _ in range(WARMUP):
        step()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return times


def main():
    p = argparse.ArgumentParser()
    for name, default in (('window', 365), ('features', 8), ('hidden', 64), ('batch', 64), ('threads', 2), ('reps', 10), ('target-days', 0), ('stateful', 0)):
        p.add_argument(f'--{name}', type=int, default=default)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    targets = max(1, a.target_days)
    model = Lstm(a.features, a.hidden, targets)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.MSELoss()
    x = torch.randn(a.batch, targets if a.stateful else a.window + targets - 1, a.features)
    y = torch.randn(a.batch, targets)
    model.final = None

    def train_step():
        optimiser.zero_grad()
        loss = loss_fn(model(x, model.final if a.stateful else None), y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()

    def infer_step():
        with torch.inference_mode():
            model(x).numpy()

    model.train()
    train = step_seconds(train_step, a.reps)
    model.eval()
    infer = step_seconds(infer_step, a.reps)
    print(json.dumps({
        'train': a.batch / min(train),
        'infer': a.batch / min(infer),
        'trainMedian': a.batch / statistics.median(train),
        'inferMedian': a.batch / statistics.median(infer),
        'trainSeconds': train,
        'inferSeconds': infer,
        'torch': torch.__version__,
        'threads': torch.get_num_threads(),
    }))


if __name__ == '__main__':
    main()
