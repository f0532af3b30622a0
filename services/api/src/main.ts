import { createElasticsearch, readEnv, runService } from '@vigie/core';
import { startApi } from './index.js';
import { mountedPlugins } from './plugins.js';
import { readApiEnv } from './options.js';

await runService('api', async (log) => {
  const env = readEnv();
  const apiEnv = readApiEnv();
  const es = createElasticsearch(env.esUrl);
  const mounted = await mountedPlugins(es, env.namePrefix, log);
  const api = await startApi({
    es,
    kafkaBrokers: env.kafkaBrokers,
    prefix: env.namePrefix,
    adminKey: apiEnv.adminKey,
    corsOrigins: apiEnv.corsOrigins,
    defaultRateLimitPerMinute: apiEnv.defaultRateLimitPerMinute,
    plugins: mounted.plugins,
    port: apiEnv.port,
    host: apiEnv.host,
    logger: log,
  });
  log.info({ url: api.url, docs: `${api.url}/docs` }, 'api listening');
  return {
    stop: async () => {
      await api.stop();
      await mounted.close();
      await es.close();
    },
  };
});
