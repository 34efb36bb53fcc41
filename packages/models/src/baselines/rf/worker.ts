/**
 * Worker-thread entry of forest growth: receives the shared binned training data in `workerData`,
 * then grows one tree per message `{ tree, seed }` and answers `{ tree, arrays }` (buffers transferred).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { growTree } from './tree.js';
import type { ForestJob, TreeRequest, TreeResult } from './pool.js';

const job = workerData as ForestJob;
const port = parentPort;
if (port) {
  port.on('message', (request: TreeRequest) => {
    const tree = growTree(job.data, job.y, job.options, request.seed);
    const result: TreeResult = { tree: request.tree, arrays: tree };
    const buffers = [tree.feature, tree.threshold, tree.left, tree.right, tree.value].map((a) => a.buffer as ArrayBuffer);
    port.postMessage(result, buffers);
  });
}
