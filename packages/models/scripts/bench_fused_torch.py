"""PyTorch CPU peer for the fused LSTM benchmark (bench/fused-lstm.mjs).

Times one LSTM(hidden) + Linear(1) model on random data shaped like a fluxscale window batch:
training = forward + MSE + backward + Adam step, inference = forward under no_grad. Prints one JSON object
with samples per second (fastest of REPS timed steps). Usage: bench_fused_torch.py WINDOW FEATURES HIDDEN BATCH THREADS REPS
"""
import json
import sys
import time

import torch


def main() -> None:
    window, features, hidden, batch, threads, reps = (int(v) for v in sys.argv[1:7])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(features, hidden, batch_first=True)
    head = torch.nn.Linear(hidden, 1)
    params = list(lstm.parameters()) + list(head.parameters())
    optimizer = torch.optim.Adam(params, lr=1e-3)
    x = torch.randn(batch, window, features)
    y = torch.randn(batch, 1)

    def train_step() -> None:
        optimizer.zero_grad()
        out, _ = lstm(x)
        loss = torch.nn.functional.mse_loss(head(out[:, -1, :]), y)
        loss.backward()
        optimizer.step()

    def infer_step() -> None:
        with torch.no_grad():
            out, _ = lstm(x)
            head(out[:, -1, :])

    def rate(step) -> float:
        # samples/s of the fastest of `reps` timed steps after one warm-up step
        step()
        best = float("inf")
        for _ in range(reps):
            start = time.perf_counter()
            step()
            best = min(best, time.perf_counter() - start)
        return batch / best

    print(json.dumps({"train": rate(train_step), "infer": rate(infer_step), "threads": threads, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
