import { runService } from '@vigie/core';
import { startCollector } from './index.js';

/**
 * Environment: VIGIE_COLLECTOR_PORT (default 8081), VIGIE_COLLECTOR_HOST (127.0.0.1),
 * VIGIE_SOURCES_FILE (YAML/JSON sources instead of the config index), VIGIE_INGEST_SECRET
 * (comma-separated HMAC secrets for POST /v1/ingest), plus the common VIGIE_* variables.
 */
await runService('collector', () =>
  startCollector({
    prefix: process.env.VIGIE_PREFIX ?? '',
    port: Number(process.env.VIGIE_COLLECTOR_PORT ?? 8081),
    host: process.env.VIGIE_COLLECTOR_HOST ?? '127.0.0.1',
    sourcesFile: process.env.VIGIE_SOURCES_FILE || undefined,
    ingestSecrets: (process.env.VIGIE_INGEST_SECRET ?? '').split(',').map((s) => s.trim()).filter(Boolean),
  }),
);
