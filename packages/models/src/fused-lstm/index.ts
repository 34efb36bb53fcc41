export { fusedLstm, fusedLstmFromState, type FusedLstmOptions, type FusedLstmStep } from './op.js';
export { FusedLstm, fusedLstmLayer, fusedLstmSuitsBackend, type FusedLstmLayerArgs } from './layer.js';
export {
  fusedLstmInfo,
  fusedLstmKernel,
  isFusedLstmAvailable,
  selectFusedLstmKernel,
  setFusedLstmThreads,
  shutdownFusedLstm,
  type FusedLstmInfo,
  type FusedLstmKernelChoice,
} from './engine.js';
export { ReferenceLstmKernel } from './reference.js';
export { FUSED_LSTM_WASM_PATH, WasmLstmKernel, type WasmLstmKernelOptions } from './wasm-kernel.js';
export { FusedLstmError, type LstmDims, type LstmForward, type LstmGradients, type LstmKernel, type LstmState, type LstmWeights, type RecurrentActivation } from './types.js';
