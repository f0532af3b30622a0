import { runService } from '@vigie/core';
import { startIndexer } from './indexer.js';

// VIGIE_INDEXER_METRICS_PORT: ops server port (default 9465; 0 picks a free port).
await runService('indexer', (logger) =>
  startIndexer({ logger, metricsPort: Number(process.env.VIGIE_INDEXER_METRICS_PORT ?? 9465) }),
);
