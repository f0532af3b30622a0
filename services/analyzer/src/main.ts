import { runService } from '@vigie/core';
import { startAnalyzer } from './analyzer.js';

// VIGIE_ANALYZER_METRICS_PORT: ops server port (default 9464; 0 picks a free port).
await runService('analyzer', (logger) =>
  startAnalyzer({ logger, metricsPort: Number(process.env.VIGIE_ANALYZER_METRICS_PORT ?? 9464) }),
);
