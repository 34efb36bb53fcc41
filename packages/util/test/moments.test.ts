import { mean, momentCorrelation, pairMoments, pearsonR, populationVariance } from '../src/index.js';

describe("moments and Pearson's r", () => {
  it('computes r = 1 for an affine copy, −1 for a negated one, and a value checked by hand', () => {
    const a = [1, 2, 3, 4];
    expect(pearsonR(a, [3, 5, 7, 9])).toBeCloseTo(1, 14);
    expect(pearsonR(a, [4, 3, 2, 1])).toBeCloseTo(-1, 14);
    // b = [2, 1, 4, 3]: cov = (−1.5·−0.5 + −0.5·−1.5 + 0.5·1.5 + 1.5·0.5)/4 = 0.75, var = 1.25 each → r = 0.6
    expect(pearsonR(a, [2, 1, 4, 3])).toBeCloseTo(0.6, 15);
  });

  it('is NaN, not 0, when a series is constant or has fewer than two values', () => {
    expect(pearsonR([1, 2, 3], [5, 5, 5])).toBeNaN();
    expect(pearsonR([1], [2])).toBeNaN();
    expect(momentCorrelation(pairMoments([0.1, 0.1, 0.1], [1, 2, 3]))).toBeNaN();
  });

  it('takes a constant series mean exactly and its variance as 0', () => {
    expect(mean([0.1, 0.1, 0.1])).toBe(0.1);
    expect(populationVariance([0.1, 0.1, 0.1])).toBe(0);
    expect(populationVariance([1, 3])).toBe(1);
    expect(mean([])).toBeNaN();
  });
});
