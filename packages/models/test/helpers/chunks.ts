/**
 * The WindowSource chunk contract written in terms of `batch`, for the in-memory test sources: a chunk
 * of `targets` samples is the window of its first sample followed by the last day of each further
 * sample's window; its targets are theirs. The samples must be of one site on consecutive days.
 */
import type { ChunkBatch, WindowSource } from '@fluxscale/data';

/** Chunks of `source` whose first targets are `firstSamples` (see the module comment). */
export function chunksOfWindows(source: Pick<WindowSource, 'batch' | 'sampleSite' | 'sampleDay' | 'window' | 'featureNames'>, firstSamples: ArrayLike<number>, targets: number): ChunkBatch {
  const { window } = source;
  const features = source.featureNames.length;
  const steps = window + targets - 1;
  const x = new Float32Array(firstSamples.length * steps * features);
  const y = new Float32Array(firstSamples.length * targets);
  Array.from(firstSamples).forEach((first, k) => {
    const run = Int32Array.from({ length: targets }, (_, j) => first + j);
    for (const i of run) {
      if (source.sampleSite[i] !== source.sampleSite[first] || source.sampleDay[i] !== source.sampleDay[first] + i - first) {
        throw new RangeError(`samples ${first} … ${first + targets - 1} are not consecutive days of one site`);
      }
    }
    const windows = source.batch(run);
    x.set(windows.x.subarray(0, window * features), k * steps * features);
    for (let j = 1; j < targets; j++) {
      x.set(windows.x.subarray(((j + 1) * window - 1) * features, (j + 1) * window * features), (k * steps + window - 1 + j) * features);
    }
    y.set(windows.y, k * targets);
  });
  return { x, y, size: firstSamples.length, window, targets, features };
}
