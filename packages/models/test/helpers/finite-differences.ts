/**
 * Checks analytic gradients against central finite differences: for every value of `values`, nudged
 * by ±eps in place (and restored), (loss(+) − loss(−)) / 2·eps must match `analytic` within
 * 2e-3 + 2e-3·|analytic| (float32 arithmetic).
 */
export function expectFiniteDifferences(values: Float32Array, analytic: Float32Array, loss: () => number, eps = 1e-2): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    values[i] = v + eps;
    const up = loss();
    values[i] = v - eps;
    const down = loss();
    values[i] = v;
    expect(Math.abs((up - down) / (2 * eps) - analytic[i])).toBeLessThan(2e-3 + 2e-3 * Math.abs(analytic[i]));
  }
}
