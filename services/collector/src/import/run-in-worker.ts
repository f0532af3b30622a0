import { Worker } from 'node:worker_threads';
import type { ImportOptions, ImportProgress, ImportResult, Rejection } from './importer.js';

export type { ImportOptions, ImportProgress, ImportResult, Rejection };

/** Old-generation heap of the import thread: records are streamed, so a small heap suffices and keeps RSS flat. */
const HEAP_MB = 48;

type WorkerMessage =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'rejected'; rejection: Rejection }
  | { type: 'done'; result: ImportResult }
  | { type: 'failed'; message: string };

/**
 * `importFile` in a worker thread with a capped heap. V8 otherwise lets garbage from millions of short-lived
 * records pile up to hundreds of MB before collecting it; the cap makes it collect early, so memory stays constant.
 */
export function importFileInWorker(options: Omit<ImportOptions, 'kafka'>): Promise<ImportResult> {
  const { onProgress, onRejected, signal, ...data } = options;
  // Worker threads do not inherit tsx's module hooks on Node 20: register them in the thread, then load the entry.
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)}); })`;
  const worker = new Worker(bootstrap, {
    eval: true,
    workerData: data,
    resourceLimits: { maxOldGenerationSizeMb: HEAP_MB, maxYoungGenerationSizeMb: 8 },
  });
  const stop = () => worker.postMessage('stop');
  signal?.addEventListener('abort', stop, { once: true });
  return new Promise<ImportResult>((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress?.(message.progress);
      else if (message.type === 'rejected') onRejected?.(message.rejection);
      else if (message.type === 'done') resolve(message.result);
      else reject(new Error(message.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the import thread exited (code ${code}) before finishing`)));
  }).finally(() => {
    signal?.removeEventListener('abort', stop);
    void worker.terminate();
  });
}
