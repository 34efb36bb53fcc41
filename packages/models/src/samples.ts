/** Grouping of a source's samples that the time-aware splits (CV folds, early-stopping hold-out) share. */
import type { WindowSource } from '@fluxscale/data';

/** The sample indices of each site of `source`, each list ordered by target day (ties by index). */
export function samplesBySiteInTime(source: WindowSource): number[][] {
  const bySite = new Map<number, number[]>();
  for (let i = 0; i < source.size; i++) {
    const site = source.sampleSite[i];
    let list = bySite.get(site);
    if (list === undefined) bySite.set(site, (list = []));
    list.push(i);
  }
  const lists = [...bySite.values()];
  for (const indices of lists) indices.sort((a, b) => source.sampleDay[a] - source.sampleDay[b] || a - b);
  return lists;
}
