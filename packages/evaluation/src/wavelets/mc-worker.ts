/** Worker-thread entry of wtcSignificanceParallel: computes one slice of surrogate pairs and posts its histogram. */
import { parentPort, workerData } from 'node:worker_threads';
import { monteCarloHistogram, type MonteCarloJob } from './coherence.js';

const job = workerData as MonteCarloJob;
const histogram = monteCarloHistogram(job.lag1a, job.lag1b, job.options, job.first, job.last);
parentPort?.postMessage(histogram, [histogram.buffer as ArrayBuffer]);
