/**
 * Feeds chunks to a sequence network: the samples of a feed fall into runs (consecutive samples of one
 * site on consecutive days), and each run is tiled with chunks of `targetDays` target days, every chunk
 * with the window − 1 days before its first target as warm-up. Prediction (and validation) tiles a run
 * from its start, the last chunk ending at the run's end and counting only the targets no earlier chunk
 * counted; a training feed re-tiles every epoch from a random offset in [0, targetDays), so that a partial
 * chunk at either end of a run counts only its own part. Either way every sample counts exactly once and
 * target k of a chunk sees window + k days of history (k < targetDays). A run shorter than `targetDays` is
 * one chunk of its length, padded after its last day (the network is causal: padding changes no output
 * that counts) to the feed's target slots: targetDays, or the longest run where all runs are shorter.
 * Chunks are built batch by batch by `source.chunks`.
 */
import type { WindowSource } from '@fluxscale/data';
import type { Tf } from '../backend/index.js';
import { assertBatchShape, assertFiniteInputs, assertFiniteTargets, type InputShape } from './checks.js';
import type { Rng } from '@fluxscale/util';
import type { SampleFeed } from './feed.js';

/** A run of feed positions start … start + length − 1 whose samples are consecutive days of one site. */
export interface Run {
  readonly start: number;
  readonly length: number;
}

/**
 * One chunk: the targets of feed positions first … first + count − 1 (count ≤ targetDays), of which
 * the target slots from … to − 1 count in the loss and as predictions.
 */
export interface Chunk {
  readonly first: number;
  readonly count: number;
  readonly from: number;
  readonly to: number;
}

/**
 * The runs of the samples at `indices` of `source` (all when null), in feed-position order: position
 * p continues the run of p − 1 when its sample is the next sample of the source, of the same site, one
 * day later.
 */
export function consecutiveRuns(source: WindowSource, indices: Int32Array | null): Run[] {
  const size = indices === null ? source.size : indices.length;
  const index = (p: number): number => (indices === null ? p : indices[p]);
  const runs: Run[] = [];
  let start = 0;
  for (let p = 1; p <= size; p++) {
    const continues =
      p < size &&
      index(p) === index(p - 1) + 1 &&
      source.sampleSite[index(p)] === source.sampleSite[index(p - 1)] &&
      source.sampleDay[index(p)] === source.sampleDay[index(p - 1)] + 1;
    if (!continues) {
      runs.push({ start, length: p - start });
      start = p;
    }
  }
  return size === 0 ? [] : runs;
}

/**
 * Chunks of `targetDays` targets over `run`, the first full chunk starting `offset` (0 … targetDays − 1)
 * days into it: a chunk of the first `offset` days before it (counting only those), full chunks, and a
 * chunk ending at the run's end counting only the days after the last full one. A run of at most
 * `targetDays` days is one chunk. Every day of the run counts in exactly one chunk.
 */
export function tileRun(run: Run, targetDays: number, offset: number): Chunk[] {
  const { start, length } = run;
  if (length <= targetDays) return [{ first: start, count: length, from: 0, to: length }];
  const chunks: Chunk[] = [];
  if (offset > 0) chunks.push({ first: start, count: targetDays, from: 0, to: offset });
  let next = start + offset;
  for (; next + targetDays <= start + length; next += targetDays) chunks.push({ first: next, count: targetDays, from: 0, to: targetDays });
  const left = start + length - next;
  if (left > 0) chunks.push({ first: start + length - targetDays, count: targetDays, from: targetDays - left, to: targetDays });
  return chunks;
}

/**
 * A feed of the samples at `indices` of `source` (all, in order, when null) as chunks of `targetDays`
 * target days (see the module comment); items are chunks, inputs [chunks, window + slots − 1, features].
 */
export function chunkFeed(
  tf: Tf,
  kind: string,
  source: WindowSource,
  indices: Int32Array | null,
  shape: InputShape,
  targetDays: number,
  withTargets: boolean,
): SampleFeed {
  const runs = consecutiveRuns(source, indices);
  const samples = indices === null ? source.size : indices.length;
  const sampleIndex = (p: number): number => (indices === null ? p : indices[p]);
  let chunks = runs.flatMap((run) => tileRun(run, targetDays, 0));
  const slots = Math.min(targetDays, runs.reduce((longest, r) => Math.max(longest, r.length), 1));
  const features = shape.featureNames.length;
  const steps = shape.window + slots - 1;
  return {
    get size() {
      return chunks.length;
    },
    samples,
    nextEpoch(rng: Rng) {
      chunks = runs.flatMap((run) => tileRun(run, targetDays, Math.floor(rng.next() * targetDays)));
    },
    take(positions) {
      const items = Array.from(positions, (p) => chunks[p]);
      const x = new Float32Array(items.length * steps * features);
      const y = new Float32Array(items.length * slots);
      const slotSamples = new Int32Array(items.length * slots).fill(-1);
      const copy = (at: number[], count: number): void => {
        const batch = source.chunks(at.map((k) => sampleIndex(items[k].first)), count);
        assertBatchShape(kind, batch, shape, at.length, count);
        const length = (shape.window + count - 1) * features;
        at.forEach((k, j) => {
          x.set(batch.x.subarray(j * length, (j + 1) * length), k * steps * features);
          y.set(batch.y.subarray(j * count, (j + 1) * count), k * slots);
        });
      };
      const full = items.flatMap((c, k) => (c.count === slots ? [k] : []));
      if (full.length > 0) copy(full, slots);
      items.forEach((c, k) => {
        if (c.count < slots) copy([k], c.count);
      });
      items.forEach((c, k) => {
        for (let j = c.from; j < c.to; j++) slotSamples[k * slots + j] = c.first + j;
      });
      for (let i = 0; i < y.length; i++) if (slotSamples[i] < 0) y[i] = 0;
      assertFiniteInputs(kind, x, shape.featureNames, steps, (k, day) => {
        const first = sampleIndex(items[k].first);
        return `the chunk of samples ${first} … ${first + items[k].count - 1}, chunk day ${day}`;
      });
      if (withTargets) {
        const counted = slotSamples.filter((p) => p >= 0);
        assertFiniteTargets(kind, y.filter((_, i) => slotSamples[i] >= 0), Array.from(counted, sampleIndex));
      }
      return { x: tf.tensor3d(x, [items.length, steps, features]), y, targets: slots, slotSamples };
    },
  };
}
