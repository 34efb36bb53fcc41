/**
 * Feeds raw windows to a network: each batch is built on request by `source.batch` (never all
 * windows in memory), checked for shape and finite values, and handed over as [batch, window, features].
 */
import type { WindowSource } from '@fluxscale/data';
import type { Tf } from '../backend/index.js';
import { assertBatchShape, assertFiniteInputs, assertFiniteTargets, type InputShape } from './checks.js';
import type { SampleFeed } from './feed.js';

/** A feed of the samples at `indices` of `source` (all, in order, when null). */
export function windowFeed(
  tf: Tf,
  kind: string,
  source: WindowSource,
  indices: Int32Array | null,
  shape: InputShape,
  withTargets: boolean,
): SampleFeed {
  const size = indices === null ? source.size : indices.length;
  return {
    size,
    samples: size,
    take(positions) {
      const sampleIndices = indices === null ? positions : positions.map((p) => indices[p]);
      const batch = source.batch(sampleIndices);
      assertBatchShape(kind, batch, shape, positions.length);
      assertFiniteInputs(kind, batch.x, shape.featureNames, shape.window, (item, day) => `sample ${sampleIndices[item]}, window day ${day}`);
      if (withTargets) assertFiniteTargets(kind, batch.y, sampleIndices);
      return { x: tf.tensor3d(batch.x, [batch.size, batch.window, batch.features]), y: batch.y, targets: 1, slotSamples: positions };
    },
  };
}
