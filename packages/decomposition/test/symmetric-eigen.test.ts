import { symmetricEigen, tridiagonalEigen } from '../src/symmetric-eigen.js';
import { gaussianNoise } from './helpers.js';

describe('symmetric eigen-solvers', () => {
  it('tridiagonal: eigenvalues of the second-difference matrix are 2 − 2cos(kπ/(n+1))', () => {
    const n = 40;
    const { values } = tridiagonalEigen(new Float64Array(n).fill(2), new Float64Array(n - 1).fill(-1));
    const expected = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((n - k) * Math.PI) / (n + 1)));
    values.forEach((v, k) => expect(v).toBeCloseTo(expected[k], 12));
  });

  it('dense: A·v = λ·v with orthonormal v, descending λ', () => {
    const n = 25;
    const g = gaussianNoise(n * n, 3);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = g[i * n + j] + g[j * n + i];
    const { values, vectors } = symmetricEigen(a, n);
    for (let k = 0; k < n; k++) {
      if (k > 0) expect(values[k]).toBeLessThanOrEqual(values[k - 1]);
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += a[i * n + j] * vectors[k][j];
        expect(Math.abs(av - values[k] * vectors[k][i])).toBeLessThan(1e-10);
      }
      for (let m = 0; m <= k; m++) {
        const dot = vectors[k].reduce((s, v, i) => s + v * vectors[m][i], 0);
        expect(Math.abs(dot - (m === k ? 1 : 0))).toBeLessThan(1e-12);
      }
    }
  });
});
