"""PyTorch peer of bench/lstm.mjs: training and inference throughput (samples/s) of the same
sequence-to-one LSTM (input [batch, window, features] -> LSTM(hidden) -> Linear(1) on the last
step), Adam, MSE, gradient clipping by global norm 1, on the CPU with a fixed number of threads.

Usage: /usr/bin/python3 scripts/bench_lstm_torch.py --window 365 --features 8 --hidden 64 \
         --batch 64 --train-batches 4 --infer-samples 512 --threads 2
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


def main():
    p = argparse.ArgumentParser()
    for name, default in (('window', 365), ('features', 8), ('hidden', 64), ('batch', 64),
                          ('train-batches', 4), ('infer-samples', 512), ('infer-chunk', 512), ('threads', 2)):
        p.add_argument(f'--{name}', type=int, default=default)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = Lstm(a.features, a.hidden)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.MSELoss()
    x = torch.randn(a.batch, a.window, a.features)
    y = torch.randn(a.batch, 1)

    def step():
        optimiser.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()
        return loss.item()

    step()  # warm-up
    start = time.perf_counter()
    for _ in range(a.train_batches):
        step()
    train = a.train_batches * a.batch / (time.perf_counter() - start)

    xi = torch.randn(a.infer_samples, a.window, a.features)
    with torch.no_grad():
        model(xi[: min(a.infer_chunk, a.infer_samples)])  # warm-up
        start = time.perf_counter()
        for i in range(0, a.infer_samples, a.infer_chunk):
            model(xi[i:i + a.infer_chunk]).numpy()
        infer = a.infer_samples / (time.perf_counter() - start)
    print(json.dumps({'train': train, 'infer': infer, 'torch': torch.__version__, 'threads': torch.get_num_threads()}))


if __name__ == '__main__':
    main()
