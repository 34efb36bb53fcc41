/**
 * Runs a sequence LSTM network (buildLstmNetwork with outputs at every step) from carried states: each LSTM
 * layer starts from its given h and c and hands back the states after the last step, detached from the
 * gradient — one chunk of truncated backpropagation through time. Needs the fused LSTM layer (CPU and
 * WebAssembly backends).
 */
import type * as TfModule from '../tfjs.js';
import { ModelError } from '../errors.js';
import { FusedLstm, type LstmState } from '../fused-lstm/index.js';

/** The states of a network's LSTM layers, in layer order: h and c, row-major [rows, units] each. */
export type NetworkState = readonly LstmState[];

/** Outputs of a network run from carried states. */
export interface StatefulOutput {
  /** The network's output, [rows, steps, 1]. */
  readonly output: TfModule.Tensor;
  /** The states after the last step, detached (plain arrays). */
  readonly final: NetworkState;
}

/**
 * The network's output for x [rows, steps, features] when its LSTM layers start from `initial` (null:
 * zeros), with their final states; `training` switches dropout on. Throws a `ModelError` naming `training`
 * when the network has an LSTM layer other than the fused one.
 */
export function applyFromState(model: TfModule.LayersModel, x: TfModule.Tensor, initial: NetworkState | null, training: boolean): StatefulOutput {
  let y = x;
  const final: LstmState[] = [];
  for (const layer of model.layers) {
    if (layer instanceof FusedLstm) {
      const step = layer.callFromState(y, initial?.[final.length] ?? null);
      y = step.output;
      final.push(step.final);
    } else if (layer.getClassName() === 'LSTM') {
      throw new ModelError('bad-param', "lstm: training 'stateful' needs the fused LSTM (CPU or WebAssembly backend, not FLUXSCALE_LSTM=stock)", 'training');
    } else {
      y = layer.apply(y, { training }) as TfModule.Tensor;
    }
  }
  return { output: y, final };
}

/** The first `rows` of the `stateRows` rows of every layer's state (the sequences that go on into the next chunk). */
export function leadingRows(state: NetworkState, stateRows: number, rows: number): NetworkState {
  return state.map(({ h, c }) => {
    const units = h.length / stateRows;
    return { h: h.subarray(0, rows * units), c: c.subarray(0, rows * units) };
  });
}
