export type { WindowBatch, WindowSource } from './window-types.js';
