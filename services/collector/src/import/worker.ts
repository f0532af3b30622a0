import { parentPort, workerData } from 'node:worker_threads';
import { importFile, type ImportOptions } from './importer.js';

// Runs one import inside a worker thread whose heap is capped (see run-in-worker.ts).
const port = parentPort!;
const stop = new AbortController();
port.on('message', (message: unknown) => {
  if (message === 'stop') stop.abort();
});
const options = workerData as Omit<ImportOptions, 'onProgress' | 'onRejected' | 'signal' | 'kafka'>;
importFile({
  ...options,
  signal: stop.signal,
  onProgress: (progress) => port.postMessage({ type: 'progress', progress }),
  onRejected: (rejection) => port.postMessage({ type: 'rejected', rejection }),
}).then(
  (result) => port.postMessage({ type: 'done', result }),
  (error: Error) => port.postMessage({ type: 'failed', message: error.message }),
);
