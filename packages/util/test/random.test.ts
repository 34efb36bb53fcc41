import { createRng, mulberry32, normalDeviates, shuffleInPlace } from '../src/index.js';

describe('mulberry32', () => {
  it('gives the reference sequence (an independent Python implementation of the same generator)', () => {
    const draw = mulberry32(42);
    expect([draw(), draw(), draw()]).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
    const one = mulberry32(1);
    expect([one(), one()]).toEqual([0.6270739405881613, 0.002735721180215478]);
  });

  it('is deterministic and uniform-looking', () => {
    const r1 = mulberry32(42);
    const r2 = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => r1());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => r2()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((a, x) => a + x, 0) / 1000).toBeCloseTo(0.5, 1);
    expect(mulberry32(1)()).not.toBe(mulberry32(2)());
  });
});

describe('normalDeviates', () => {
  it('turns uniforms into standard normals, reproducibly', () => {
    const draw = normalDeviates(mulberry32(3));
    const xs = Array.from({ length: 20000 }, draw);
    const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
    const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(variance).toBeCloseTo(1, 1);
    expect(xs.filter((x) => Math.abs(x) > 1.96).length / xs.length).toBeCloseTo(0.05, 2);
    const again = normalDeviates(mulberry32(3));
    expect(Array.from({ length: 5 }, again)).toEqual(xs.slice(0, 5));
  });
});

describe('createRng', () => {
  it('draws every kind of value from one mulberry32 stream', () => {
    const rng = createRng(9);
    const plain = mulberry32(9);
    expect(rng.next()).toBe(plain());
    expect(rng.nextSeed()).toBe(Math.floor(plain() * 2147483648));
    const normal = normalDeviates(plain);
    expect(rng.normal()).toBe(normal());
  });

  it('permutation and shuffleInPlace give permutations fixed by the seed', () => {
    const p = createRng(5).permutation(50);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(createRng(5).permutation(50)).toEqual(p);
    expect(createRng(6).permutation(50)).not.toEqual(p);
    expect(shuffleInPlace(Int32Array.from({ length: 50 }, (_, i) => i), mulberry32(5))).toEqual(p);
  });
});
