/** The paper's ecosystem groups: IGBP classes with few sites are pooled with a similar class. */

/** Ecosystem groups, one LSTM each in the paper. */
export const ECOSYSTEM_GROUPS = ['GRA', 'CRO', 'WET', 'SAV+WSA', 'OSH+CSH', 'MF', 'DBF', 'ENF+EBF'] as const;

/** One of {@link ECOSYSTEM_GROUPS}. */
export type EcosystemGroup = (typeof ECOSYSTEM_GROUPS)[number];

const GROUP_OF_IGBP: Readonly<Record<string, EcosystemGroup>> = {
  GRA: 'GRA',
  CRO: 'CRO',
  WET: 'WET',
  SAV: 'SAV+WSA',
  WSA: 'SAV+WSA',
  OSH: 'OSH+CSH',
  CSH: 'OSH+CSH',
  MF: 'MF',
  DBF: 'DBF',
  ENF: 'ENF+EBF',
  EBF: 'ENF+EBF',
};

/** The IGBP land-cover classes of the ecosystem groups, in a fixed order (e.g. the one-hot input of a pooled model). */
export const IGBP_CLASSES: readonly string[] = Object.keys(GROUP_OF_IGBP);

/**
 * Ecosystem group of an IGBP land-cover code (case-insensitive), or null for a code outside the
 * paper's groups (e.g. DNF, SNO, BSV, URB, WAT, or a typo).
 */
export function ecosystemGroup(igbp: string): EcosystemGroup | null {
  return GROUP_OF_IGBP[igbp.trim().toUpperCase()] ?? null;
}
