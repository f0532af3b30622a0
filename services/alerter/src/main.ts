import { createElasticsearch, createMetricsRegistry, readEnv, runService, startOpsServer } from '@vigie/core';
import { startAlerter } from './alerter.js';
import { policyFromEnv } from './channels/url-guard.js';

/**
 * Environment (besides VIGIE_ES_URL, VIGIE_PREFIX, VIGIE_LOG_LEVEL):
 * VIGIE_SMTP_URL (smtp://user:pass@host:587), VIGIE_ALERTS_FROM, VIGIE_GRAFANA_URL,
 * VIGIE_ALERTS_CRON (default every minute), VIGIE_ALERTS_ALLOW_PRIVATE_URLS, VIGIE_ALERTER_PORT (ops server, default 9464).
 */
await runService('alerter', async (log) => {
  const env = readEnv();
  const es = createElasticsearch(env.esUrl);
  const registry = createMetricsRegistry('alerter');
  const alerter = await startAlerter({
    es,
    prefix: env.namePrefix,
    cron: process.env.VIGIE_ALERTS_CRON ?? '0 * * * * *',
    smtp: process.env.VIGIE_SMTP_URL,
    policy: policyFromEnv(),
    registry,
    log,
  });
  const ops = await startOpsServer({
    port: Number(process.env.VIGIE_ALERTER_PORT ?? 9466),
    host: process.env.VIGIE_ALERTER_HOST ?? '0.0.0.0',
    registry,
    ready: async () => {
      await es.cluster.health(); // not ping(): the minimal distribution answers 405 on GET /
    },
  });
  log.info({ port: ops.port }, 'alerter ops server listening (/metrics, /healthz, /readyz)');
  return {
    async stop() {
      await alerter.stop();
      await ops.close();
      await es.close();
    },
  };
});
