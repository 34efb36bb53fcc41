/**
 * Feeds the stateful formulation (truncated backpropagation through time): every run of consecutive
 * training days (one site, or one gap-free part of it) is a batch row that an epoch walks in order, in
 * consecutive chunks of `targetDays` target days, the LSTM states carried from one chunk to the next. A
 * row's warm-up is paid once per epoch, in its first chunk, with no loss on it. Each epoch draws a random
 * row order (which runs share a batch) and, per run, a random offset o in [0, min(targetDays, window)): the
 * first chunk has o warm-up days fewer and o target days more, so that chunk boundaries move from epoch to
 * epoch. The rows of a batch run in lockstep; a batch is sorted by the days left after its first chunk, so
 * that the rows still running form a prefix and the next chunk continues the first rows of the last one.
 * Every training day counts in the loss exactly once per epoch; states never cross runs.
 */
import type { WindowSource } from '@fluxscale/data';
import type { Tf } from '../backend/index.js';
import { assertBatchShape, assertFiniteInputs, assertFiniteTargets, type InputShape } from './checks.js';
import { consecutiveRuns, type Run } from './chunk-feed.js';
import type { Rng } from '@fluxscale/util';
import type { FeedBatch } from './feed.js';

/** One row of a chunk: the targets of feed positions first … first + count − 1. */
export interface RowSpan {
  readonly first: number;
  readonly count: number;
  /** Days of the first target's window left out at the start (o in a run's first chunk, window − 1 in the next ones). */
  readonly skip: number;
}

/** One chunk of a stateful epoch: a network call over `steps` days whose last `slots` steps hold targets. */
export interface StatefulChunk {
  readonly steps: number;
  readonly slots: number;
  readonly rows: readonly RowSpan[];
  /** Whether the rows continue the first rows of the previous chunk (else they start from zero states). */
  readonly continues: boolean;
}

/** A batch of a stateful epoch: network inputs and targets, and whether its rows carry the previous batch's states. */
export interface StatefulBatch extends FeedBatch {
  readonly continues: boolean;
}

/** A training feed whose batches continue one another (see the module comment). */
export interface StatefulFeed {
  /** Samples the feed trains on, each counted once per epoch. */
  readonly samples: number;
  /** The batches of one epoch, in order, with the row order and offsets drawn from `rng`. */
  epoch(rng: Rng): Iterable<StatefulBatch>;
}

/** The chunks of one run group (at most `rowsPerBatch` runs with their offsets), in order. */
function groupChunks(group: { run: Run; offset: number }[], window: number, targetDays: number): StatefulChunk[] {
  const rows = group
    .map(({ run, offset }) => ({ run, offset, head: Math.min(run.length, targetDays + offset) }))
    .sort((a, b) => b.run.length - b.head - (a.run.length - a.head));
  const steps = Math.max(...rows.map((r) => window - 1 - r.offset + r.head));
  const maxOffset = Math.max(...rows.map((r) => r.offset));
  const chunks: StatefulChunk[] = [
    { steps, slots: steps - (window - 1 - maxOffset), rows: rows.map((r) => ({ first: r.run.start, count: r.head, skip: r.offset })), continues: false },
  ];
  for (let done = 0; ; done += targetDays) {
    const spans = rows.flatMap((r) => {
      const left = r.run.length - r.head - done;
      return left > 0 ? [{ first: r.run.start + r.head + done, count: Math.min(targetDays, left), skip: window - 1 }] : [];
    });
    if (spans.length === 0) return chunks;
    chunks.push({ steps: spans[0].count, slots: spans[0].count, rows: spans, continues: true });
  }
}

/**
 * The chunks of one epoch over `runs`: runs in a random order in groups of `rowsPerBatch`, each run with a
 * random offset in [0, min(targetDays, window)); see the module comment.
 */
export function planEpoch(runs: readonly Run[], window: number, targetDays: number, rowsPerBatch: number, rng: Rng): StatefulChunk[] {
  const order = rng.permutation(runs.length);
  const offsets = Array.from(order, () => Math.floor(rng.next() * Math.min(targetDays, window)));
  const chunks: StatefulChunk[] = [];
  for (let start = 0; start < order.length; start += rowsPerBatch) {
    const group = Array.from(order.subarray(start, start + rowsPerBatch), (r, k) => ({ run: runs[r], offset: offsets[start + k] }));
    chunks.push(...groupChunks(group, window, targetDays));
  }
  return chunks;
}

/**
 * A stateful training feed of the samples at `indices` of `source` (all when null): batches of at most
 * `rowsPerBatch` runs walked in chunks of `targetDays` target days.
 */
export function statefulFeed(
  tf: Tf,
  kind: string,
  source: WindowSource,
  indices: Int32Array | null,
  shape: InputShape,
  targetDays: number,
  rowsPerBatch: number,
): StatefulFeed {
  const runs = consecutiveRuns(source, indices);
  const sampleIndex = (p: number): number => (indices === null ? p : indices[p]);
  const features = shape.featureNames.length;
  const build = (chunk: StatefulChunk): StatefulBatch => {
    const { steps, slots, rows } = chunk;
    const x = new Float32Array(rows.length * steps * features);
    const y = new Float32Array(rows.length * slots);
    const slotSamples = new Int32Array(rows.length * slots).fill(-1);
    const copy = (at: number[], count: number): void => {
      const batch = source.chunks(at.map((k) => sampleIndex(rows[k].first)), count);
      assertBatchShape(kind, batch, shape, at.length, count);
      const days = shape.window + count - 1;
      at.forEach((k, j) => {
        const { skip, first } = rows[k];
        x.set(batch.x.subarray((j * days + skip) * features, (j + 1) * days * features), k * steps * features);
        const slot = shape.window - 1 - skip - (steps - slots);
        y.set(batch.y.subarray(j * count, (j + 1) * count), k * slots + slot);
        for (let t = 0; t < count; t++) slotSamples[k * slots + slot + t] = first + t;
      });
    };
    const byCount = new Map<number, number[]>();
    rows.forEach((r, k) => byCount.set(r.count, [...(byCount.get(r.count) ?? []), k]));
    for (const [count, at] of byCount) copy(at, count);
    assertFiniteInputs(kind, x, shape.featureNames, steps, (k, day) => `the chunk from sample ${sampleIndex(rows[k].first)}, chunk day ${day}`);
    const counted = Array.from(slotSamples.filter((p) => p >= 0), sampleIndex);
    assertFiniteTargets(kind, y.filter((_, i) => slotSamples[i] >= 0), counted);
    return { x: tf.tensor3d(x, [rows.length, steps, features]), y, targets: slots, slotSamples, continues: chunk.continues };
  };
  return {
    samples: indices === null ? source.size : indices.length,
    *epoch(rng) {
      for (const chunk of planEpoch(runs, shape.window, targetDays, rowsPerBatch, rng)) yield build(chunk);
    },
  };
}
