import { InvalidParameterError } from '../metrics/errors.js';

/**
 * The Morlet mother wavelet ψ0(η) = π^{-1/4} e^{iω0η} e^{-η²/2} and the constants Torrence & Compo
 * (1998, Table 2) give for it. Cδ, γ and δj0 are empirical and only known for ω0 = 6; they are NaN
 * for any other ω0 (functions needing them then throw).
 */
export interface Morlet {
  readonly name: 'morlet';
  /** Non-dimensional frequency ω0. */
  readonly omega0: number;
  /** Fourier period / scale, 4π / (ω0 + √(2 + ω0²)) (≈ 1.033 for ω0 = 6). */
  readonly fourierFactor: number;
  /** Cone of influence: e-folding time √2·s expressed as a Fourier period per unit distance, fourierFactor / √2. */
  readonly coiFactor: number;
  /** Degrees of freedom of one (complex) wavelet power value: 2. */
  readonly dofMin: number;
  /** Reconstruction factor Cδ (0.776 for ω0 = 6). */
  readonly cDelta: number;
  /** Time-decorrelation factor γ (2.32 for ω0 = 6). */
  readonly gamma: number;
  /** Scale-decorrelation factor δj0 (0.60 for ω0 = 6). */
  readonly dj0: number;
  /** ψ0(0) = π^{-1/4}. */
  readonly psi0: number;
}

/** A Morlet wavelet with non-dimensional frequency ω0 (default 6). */
export function morlet(omega0 = 6): Morlet {
  if (!(omega0 > 0) || !Number.isFinite(omega0)) throw new InvalidParameterError('omega0', `must be a positive number, got ${omega0}`);
  const fourierFactor = (4 * Math.PI) / (omega0 + Math.sqrt(2 + omega0 * omega0));
  const known = omega0 === 6;
  return {
    name: 'morlet',
    omega0,
    fourierFactor,
    coiFactor: fourierFactor / Math.SQRT2,
    dofMin: 2,
    cDelta: known ? 0.776 : Number.NaN,
    gamma: known ? 2.32 : Number.NaN,
    dj0: known ? 0.6 : Number.NaN,
    psi0: Math.PI ** -0.25,
  };
}

/** Throws unless the empirical constant `value` of `mother` is known (ω0 = 6). */
export function requireEmpirical(mother: Morlet, value: number, what: string): number {
  if (Number.isNaN(value)) {
    throw new InvalidParameterError('mother', `${what} is only tabulated for the Morlet wavelet with ω0 = 6 (got ω0 = ${mother.omega0})`);
  }
  return value;
}

/**
 * Normalised daughter wavelet in Fourier space at angular frequency ω (rad per time unit) and scale s:
 * √(2πs/dt)·π^{-1/4}·exp(−(sω − ω0)²/2) for ω > 0, 0 otherwise (Torrence & Compo 1998, eqs. 6 and 13).
 */
export function morletDaughter(mother: Morlet, scale: number, omega: number, dt: number): number {
  if (omega <= 0) return 0;
  const x = scale * omega - mother.omega0;
  return Math.sqrt((2 * Math.PI * scale) / dt) * mother.psi0 * Math.exp(-0.5 * x * x);
}
