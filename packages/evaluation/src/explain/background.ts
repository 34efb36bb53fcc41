/** Choice of the background (baseline) windows of GradientSHAP among the samples of a window source. */
import { InvalidParameterError } from '../metrics/errors.js';
import { createRng } from '@fluxscale/util';

/**
 * Indices of `count` distinct samples spread over sites and days: sites take turns (round robin), each site's
 * samples in a seeded random order, so that the background holds real windows of many days and of every site
 * (lat/lon features then have a baseline). `sampleSite[i]` is the site of sample i (WindowSource.sampleSite).
 * Returned in increasing order.
 */
export function backgroundIndices(sampleSite: ArrayLike<number>, count: number, seed = 1): Int32Array {
  if (!Number.isInteger(count) || count < 1 || count > sampleSite.length) {
    throw new InvalidParameterError('count', `must be an integer in [1, ${sampleSite.length}], got ${count}`);
  }
  const bySite = new Map<number, number[]>();
  for (let i = 0; i < sampleSite.length; i++) {
    const list = bySite.get(sampleSite[i]) ?? [];
    list.push(i);
    bySite.set(sampleSite[i], list);
  }
  const random = createRng(seed);
  const queues = [...bySite.keys()].sort((a, b) => a - b).map((site) => {
    const samples = bySite.get(site) as number[];
    return Array.from(random.permutation(samples.length), (k) => samples[k]);
  });
  const picked: number[] = [];
  for (let round = 0; picked.length < count; round++) {
    for (const queue of queues) {
      if (round < queue.length && picked.length < count) picked.push(queue[round]);
    }
  }
  return Int32Array.from(picked).sort();
}
