"""Peer of bench/explain.mjs: expected gradients (GradientSHAP) with PyTorch on the CPU, same model sizes,
samples and batching. Prints one JSON line {"seconds": ..., "threads": ...}."""
import json
import sys
import time

import torch

cfg = json.loads(sys.argv[1])
torch.manual_seed(1)
W, F, H, S, B = cfg['window'], cfg['features'], cfg['hidden'], cfg['samples'], cfg['batchSize']


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(F, H, batch_first=True)
        self.out = torch.nn.Linear(H, 1)

    def forward(self, x):
        h, _ = self.lstm(x)
        return self.out(h[:, -1, :]).squeeze(-1)


def shap(model, x, background, noise_std, gen):
    n = x.shape[0]
    phi = torch.zeros_like(x)
    rows = n * S
    win = torch.arange(rows) // S
    base = torch.randint(0, background.shape[0], (rows,), generator=gen)
    alpha = torch.rand(rows, 1, 1, generator=gen)
    for start in range(0, rows, B):
        sl = slice(start, min(start + B, rows))
        xi, bi = x[win[sl]], background[base[sl]]
        noisy = xi + noise_std * torch.randn(xi.shape, generator=gen)
        z = (bi + alpha[sl] * (noisy - bi)).requires_grad_(True)
        (g,) = torch.autograd.grad(model(z).sum(), z)
        phi.index_add_(0, win[sl], (xi - bi) * g)
    return phi / S


model = Net().eval()
gen = torch.Generator().manual_seed(2)
background = torch.randn(cfg['background'], W, F, generator=gen)
shap(model, torch.randn(1, W, F, generator=gen), background, 0.01, gen)
x = torch.randn(cfg['windows'], W, F, generator=gen)
t0 = time.perf_counter()
shap(model, x, background, 0.01, gen)
print(json.dumps({'seconds': time.perf_counter() - t0, 'threads': torch.get_num_threads()}))
