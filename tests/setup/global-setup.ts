import type { TestProject } from 'vitest/node';
import { ensureEngines, stopEngines } from './engines.js';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string[];
    esUrl: string;
  }
}

/** Start (or find) real Kafka and Elasticsearch once for the whole run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const engines = await ensureEngines();
  project.provide('kafkaBrokers', engines.kafkaBrokers);
  project.provide('esUrl', engines.esUrl);
  // Releases this run's lease: engines a test run started stop when the last concurrent run ends.
  return stopEngines;
}
