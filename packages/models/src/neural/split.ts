/**
 * The early-stopping hold-out when no validation source is given: the latest part (in time) of
 * each site's training samples, so that validation lies after training as the test period does.
 */
import type { WindowSource } from '@fluxscale/data';
import { samplesBySiteInTime } from '../samples.js';

/** Sample indices of the training and the hold-out part. */
export interface HoldOut {
  readonly train: Int32Array;
  readonly validation: Int32Array;
}

/**
 * Splits `source` per site: of a site's n samples (ordered by target day), the last
 * floor(fraction · n) go to validation, the rest to training. Both index lists are ascending.
 */
export function holdOutLatest(source: WindowSource, fraction: number): HoldOut {
  const isValidation = new Uint8Array(source.size);
  for (const indices of samplesBySiteInTime(source)) {
    const held = Math.floor(fraction * indices.length);
    for (let k = indices.length - held; k < indices.length; k++) isValidation[indices[k]] = 1;
  }
  const train: number[] = [];
  const validation: number[] = [];
  for (let i = 0; i < source.size; i++) (isValidation[i] === 1 ? validation : train).push(i);
  return { train: Int32Array.from(train), validation: Int32Array.from(validation) };
}
